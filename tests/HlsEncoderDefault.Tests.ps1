BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $courseId = '65a1f0c2e4b0a1b2c3d4e5f6'

    function Read-DefaultsFile {
        <# The saved file, parsed here rather than by the module, so a test sees what really is on disk. #>
        param([Parameter(Mandatory)] [string] $Path)
        Get-Content -Raw -LiteralPath $Path | ConvertFrom-Json
    }
}

Describe 'Set-HlsEncoderDefault and Get-HlsEncoderDefault' {
    BeforeEach {
        # None of the machine's settings, and a configuration folder of this test's own.
        $saved = Save-HlsEncoderEnvironment
        $env:XDG_CONFIG_HOME = (New-Item -ItemType Directory -Path (Join-Path $TestDrive ([guid]::NewGuid().ToString('N')))).FullName
        $defaultsFile = Join-Path $env:XDG_CONFIG_HOME 'HlsEncoder/defaults.json'
    }
    AfterEach {
        Restore-HlsEncoderEnvironment $saved
    }

    It 'shows empty values and the file they would be kept in when nothing is saved, writing nothing' {
        $defaults = Get-HlsEncoderDefault

        $defaults.PSTypeNames[0] | Should -Be 'HlsEncoder.Configuration.UserDefaults'
        $defaults.CourseId | Should -BeNullOrEmpty
        $defaults.Name | Should -BeNullOrEmpty
        $defaults.Language | Should -BeNullOrEmpty
        $defaults.DeleteLocal | Should -BeNullOrEmpty
        $defaults.Path | Should -Be $defaultsFile
        Test-Path -LiteralPath $defaultsFile | Should -BeFalse
    }

    It 'saves the values normalised (course id and language lower-cased, name trimmed) and gives them back' {
        Set-HlsEncoderDefault -CourseId '65A1F0C2E4B0A1B2C3D4E5F6' -Name '  Session 1 - Introduction  ' -Language ' FR '

        $defaults = Get-HlsEncoderDefault
        $defaults.CourseId | Should -BeExactly $courseId
        $defaults.Name | Should -BeExactly 'Session 1 - Introduction'
        $defaults.Language | Should -BeExactly 'fr'
        $defaults.DeleteLocal | Should -BeNullOrEmpty
        $defaults.Path | Should -Be $defaultsFile
        # The file holds the normalised values too, not only what the cmdlet shows.
        $file = Read-DefaultsFile $defaultsFile
        $file.courseId | Should -BeExactly $courseId
        $file.name | Should -BeExactly 'Session 1 - Introduction'
        $file.language | Should -BeExactly 'fr'
    }

    It 'keeps the values it is not given' {
        Set-HlsEncoderDefault -CourseId $courseId -Name 'Week 1' -Language es -DeleteLocal

        Set-HlsEncoderDefault -Language de
        $afterLanguage = Get-HlsEncoderDefault
        Set-HlsEncoderDefault -Name 'Week 2'
        $afterName = Get-HlsEncoderDefault

        $afterLanguage.CourseId | Should -Be $courseId
        $afterLanguage.Name | Should -Be 'Week 1'
        $afterLanguage.Language | Should -Be 'de'
        $afterLanguage.DeleteLocal | Should -BeTrue
        $afterName.CourseId | Should -Be $courseId
        $afterName.Name | Should -Be 'Week 2'
        $afterName.Language | Should -Be 'de'
        $afterName.DeleteLocal | Should -BeTrue
    }

    It 'remembers -DeleteLocal and -DeleteLocal:$false, each until told otherwise' {
        Set-HlsEncoderDefault -DeleteLocal
        $on = Get-HlsEncoderDefault
        Set-HlsEncoderDefault -DeleteLocal:$false
        $off = Get-HlsEncoderDefault
        Set-HlsEncoderDefault -Language fr
        $kept = Get-HlsEncoderDefault

        $on.DeleteLocal | Should -BeTrue
        # False, not merely unset: an explicit "keep my files" must survive.
        $off.DeleteLocal | Should -BeOfType [bool]
        $off.DeleteLocal | Should -BeFalse
        $kept.DeleteLocal | Should -BeOfType [bool]
        $kept.DeleteLocal | Should -BeFalse
        (Read-DefaultsFile $defaultsFile).deleteLocal | Should -BeOfType [bool]
    }

    It 'writes the saved defaults to the pipeline only with -PassThru' {
        $quiet = Set-HlsEncoderDefault -CourseId $courseId
        $shown = @(Set-HlsEncoderDefault -Language ar -PassThru)

        $quiet | Should -BeNullOrEmpty
        $shown.Count | Should -Be 1
        $shown[0].PSTypeNames[0] | Should -Be 'HlsEncoder.Configuration.UserDefaults'
        $shown[0].CourseId | Should -Be $courseId
        $shown[0].Language | Should -Be 'ar'
        $shown[0].Path | Should -Be $defaultsFile
    }

    It 'forgets every default with -Clear, removing the file' {
        Set-HlsEncoderDefault -CourseId $courseId -Language fr -DeleteLocal
        Test-Path -LiteralPath $defaultsFile | Should -BeTrue

        Set-HlsEncoderDefault -Clear

        Test-Path -LiteralPath $defaultsFile | Should -BeFalse
        $defaults = Get-HlsEncoderDefault
        $defaults.CourseId | Should -BeNullOrEmpty
        $defaults.Language | Should -BeNullOrEmpty
        $defaults.DeleteLocal | Should -BeNullOrEmpty
    }

    It 'clears quietly when nothing was ever saved' {
        Test-Path -LiteralPath (Split-Path -Parent $defaultsFile) | Should -BeFalse -Because 'this user never saved a default'

        { Set-HlsEncoderDefault -Clear -ErrorAction Stop } | Should -Not -Throw

        Test-Path -LiteralPath $defaultsFile | Should -BeFalse
    }

    It 'changes nothing with -WhatIf' {
        Set-HlsEncoderDefault -CourseId $courseId -WhatIf
        Test-Path -LiteralPath $defaultsFile | Should -BeFalse

        Set-HlsEncoderDefault -CourseId $courseId -Language fr
        $before = Get-Content -Raw -LiteralPath $defaultsFile
        Set-HlsEncoderDefault -Language de -DeleteLocal -WhatIf
        Get-Content -Raw -LiteralPath $defaultsFile | Should -BeExactly $before

        Set-HlsEncoderDefault -Clear -WhatIf
        Test-Path -LiteralPath $defaultsFile | Should -BeTrue
    }

    It 'refuses <Label> with the rule in the message, writing nothing' -ForEach @(
        @{ Label = 'a course id that is not 24 hex characters'; Parameter = 'CourseId'; Value = '65a1f0c2e4b0'; Rule = '*exactly 24 hexadecimal characters*' }
        @{ Label = 'a language the platform does not serve'; Parameter = 'Language'; Value = 'xx'; Rule = '*use one of en, es, fr, de, ar, hi*' }
        @{ Label = 'a name longer than 200 characters'; Parameter = 'Name'; Value = 'x' * 201; Rule = '*at most 200*' }
        @{ Label = 'a name with a line break'; Parameter = 'Name'; Value = "Week 1`nWeek 2"; Rule = '*control characters*' }
        @{ Label = 'a blank name'; Parameter = 'Name'; Value = '   '; Rule = '*video name is required*' }
    ) {
        $bad = @{ $Parameter = $Value }

        { Set-HlsEncoderDefault @bad -ErrorAction Stop } | Should -Throw -ExpectedMessage $Rule
        Test-Path -LiteralPath $defaultsFile | Should -BeFalse

        # Nor does it touch what was saved before.
        Set-HlsEncoderDefault -CourseId $courseId -Name 'Week 1' -Language en
        $before = Get-Content -Raw -LiteralPath $defaultsFile
        { Set-HlsEncoderDefault @bad -ErrorAction Stop } | Should -Throw -ExpectedMessage $Rule
        Get-Content -Raw -LiteralPath $defaultsFile | Should -BeExactly $before
    }

    It 'says which file is corrupt and how to recover, and recovers as it says' {
        $null = New-Item -ItemType Directory -Path (Split-Path -Parent $defaultsFile)
        Set-Content -LiteralPath $defaultsFile -Value '{ "courseId": '

        $failure = { Get-HlsEncoderDefault -ErrorAction Stop } | Should -Throw -PassThru -ErrorId 'DefaultsInvalid,*'
        $failure.CategoryInfo.Category | Should -Be 'InvalidData'
        "$failure" | Should -BeLike "*$defaultsFile*cannot be read*"
        "$failure" | Should -BeLike '*Run Set-HlsEncoderDefault -Clear, then set them again*'
        # Setting a value reads the file first, so it refuses too rather than overwrite what it cannot read.
        { Set-HlsEncoderDefault -Language fr -ErrorAction Stop } | Should -Throw -ErrorId 'DefaultsInvalid,*'
        Get-Content -Raw -LiteralPath $defaultsFile | Should -Match '^\{ "courseId": \s*$'

        Set-HlsEncoderDefault -Clear
        Set-HlsEncoderDefault -Language fr

        (Get-HlsEncoderDefault).Language | Should -Be 'fr'
    }

    It 'never writes a token to the file, even with AUTH_TOKEN set' {
        # Shaped like a JWT so that any part of it would be recognisable in the file.
        $token = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbi10ZXN0Iiwicm9sZSI6ImFkbWluIn0.ZmFrZS1zaWduYXR1cmUtZm9yLWhsc2VuY29kZXI'
        $env:AUTH_TOKEN = $token
        $env:BACKEND_URL = 'https://backend.example'

        Set-HlsEncoderDefault -CourseId $courseId -Name 'Week 1' -Language en -DeleteLocal

        $text = Get-Content -Raw -LiteralPath $defaultsFile
        foreach ($part in @($token) + $token.Split('.')) {
            $text | Should -Not -Match ([regex]::Escape($part))
        }
        # Only the four remembered values: no field a secret could ever go into.
        @((ConvertFrom-Json $text).PSObject.Properties.Name | Sort-Object) | Should -Be @('courseId', 'deleteLocal', 'language', 'name')
    }
}
