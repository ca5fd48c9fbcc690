BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $courseId = '65a1f0c2e4b0a1b2c3d4e5f6'
}

Describe 'New-BackendFileRecord' {
    BeforeAll {
        $platform = Get-TestPlatform
    }
    BeforeEach {
        $saved = Enter-PlatformTest $platform
    }
    AfterEach {
        Restore-HlsEncoderEnvironment $saved
    }

    Context 'creating records' {
        It 'creates the record of the contract and returns it typed' {
            $record = New-BackendFileRecord -CourseId $courseId -Language en -Name 'Session 1 - Introduction' `
                -S3Keys (New-TestKeySet -Quality 1080p, 720p, 480p -Transcript) -Duration 1245 -Qualities 1080p, 720p, 480p

            $record.PSTypeNames[0] | Should -Be 'HlsEncoder.Backend.FileRecord'
            $record.Id | Should -Match '^[0-9a-f]{24}$'
            $stored = @(Get-LocalPlatformFileRecord -Platform $platform)
            $stored.Count | Should -Be 1
            $stored[0]._id | Should -Be $record.Id
            $stored[0].name | Should -Be 'Session 1 - Introduction'
            $stored[0].courseId | Should -Be $courseId
            $stored[0].language | Should -Be 'en'
            $stored[0].type | Should -Be 'hls'
            $stored[0].duration | Should -Be 1245
            $stored[0].qualities | Should -Be @('1080p', '720p', '480p')
            $stored[0].uploadedBy | Should -Match '^hlsencoder/\d+\.\d+\.\d+$'
            $stored[0].s3Keys.master | Should -Be "courses/$courseId/en/master.m3u8"
            $stored[0].s3Keys.qualities.'720p' | Should -Be "courses/$courseId/en/720p/index.m3u8"
            $stored[0].s3Keys.transcript.PSObject.Properties.Name | Should -Be @('srt', 'vtt', 'txt', 'json')
        }

        It 'binds every parameter by property name from pipeline objects, one record each' {
            $uploads = 'Lesson A', 'Lesson B' | ForEach-Object {
                [pscustomobject]@{ CourseId = $courseId; Language = 'fr'; Name = $_; S3Keys = (New-TestKeySet -Language fr -Quality 480p)
                    Duration = [timespan]::FromMinutes(10); Qualities = @('480p'); MasterUrl = [uri]'http://cdn.example/master.m3u8' }
            }

            $records = $uploads | New-BackendFileRecord

            $records.Name | Should -Be @('Lesson A', 'Lesson B')
            $records[0].MasterUrl | Should -Be 'http://cdn.example/master.m3u8'
            (Get-LocalPlatformFileRecord -Platform $platform).duration | Should -Be @(600, 600)
        }

        It 'reads -Duration <Given> as <Seconds> seconds' -ForEach @(
            @{ Given = 1245; Seconds = 1245 }
            @{ Given = '00:20:45'; Seconds = 1245 }
            @{ Given = [timespan]::FromSeconds(1244.6); Seconds = 1245 }
            @{ Given = 59.4; Seconds = 59 }
        ) {
            (New-BackendFileRecord -CourseId $courseId -Name x -S3Keys (New-TestKeySet -Quality 480p) -Duration $Given -Qualities 480p).Duration |
                Should -Be $Seconds
        }

        It 'uses DEFAULT_LANGUAGE when -Language is not given' {
            $env:DEFAULT_LANGUAGE = 'es'

            (New-BackendFileRecord -CourseId $courseId -Name x -S3Keys (New-TestKeySet -Language es -Quality 480p) -Duration 1 -Qualities 480p).Language |
                Should -Be 'es'
        }

        It 'sends nothing with -WhatIf' {
            New-BackendFileRecord -CourseId $courseId -Name x -S3Keys (New-TestKeySet -Quality 480p) -Duration 1 -Qualities 480p -WhatIf

            @(Get-LocalPlatformRequest -Platform $platform).Count | Should -Be 0
            @(Get-LocalPlatformFileRecord -Platform $platform).Count | Should -Be 0
        }
    }

    Context 'validation before any request' {
        It 'refuses <Case> naming the rule' -ForEach @(
            @{ Case = 'a short course id'; Parameters = @{ CourseId = '65a1f0c2' }; Rule = '24 hexadecimal' }
            @{ Case = 'a non-hex course id'; Parameters = @{ CourseId = 'zza1f0c2e4b0a1b2c3d4e5f6' }; Rule = '24 hexadecimal' }
            @{ Case = 'an empty name'; Parameters = @{ Name = ' ' }; Rule = 'name is required' }
            @{ Case = 'a 201-character name'; Parameters = @{ Name = 'n' * 201 }; Rule = 'at most 200' }
            @{ Case = 'an unsupported language'; Parameters = @{ Language = 'pt' }; Rule = 'en, es, fr, de, ar, hi' }
        ) {
            $arguments = @{ CourseId = $courseId; Name = 'ok'; S3Keys = (New-TestKeySet -Quality 480p); Duration = 1; Qualities = '480p' }
            foreach ($key in $Parameters.Keys) { $arguments[$key] = $Parameters[$key] }

            { New-BackendFileRecord @arguments -ErrorAction Stop } | Should -Throw -ExpectedMessage "*$Rule*"
            @(Get-LocalPlatformRequest -Platform $platform).Count | Should -Be 0
        }

        It 'refuses keys outside courses/{courseId}/{language}/ and a quality without a playlist' {
            New-BackendFileRecord -CourseId $courseId -Language de -Name x -S3Keys (New-TestKeySet -Language en -Quality 480p) `
                -Duration 1 -Qualities 480p, 720p -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidFileRecord,*'
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            "$($failures[0])" | Should -Match "not under courses/$courseId/de/"
            "$($failures[0])" | Should -Match "no playlist key for '720p'"
            @(Get-LocalPlatformRequest -Platform $platform).Count | Should -Be 0
        }

        It 'refuses an http:// backend for a remote host before any request' {
            $env:BACKEND_URL = 'http://api.example.com'

            { New-BackendFileRecord -CourseId $courseId -Name x -S3Keys (New-TestKeySet -Quality 480p) -Duration 1 -Qualities 480p -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidBackendConfiguration,*'
        }
    }

    Context 'failures' {
        It 'retries a 500 and a 429 then succeeds, creating exactly one record' {
            Set-LocalPlatformFault -Platform $platform -Route files -Status 500 -Count 1
            Set-LocalPlatformFault -Platform $platform -Route files -Status 429 -Count 1 -RetryAfterSeconds 1

            $record = New-BackendFileRecord -CourseId $courseId -Name x -S3Keys (New-TestKeySet -Quality 480p) -Duration 1 -Qualities 480p -Verbose 4>&1

            $verbose = @($record | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
            ($verbose.Message -join "`n") | Should -Match 'attempt 1 of 4 failed \(HTTP 500'
            ($verbose.Message -join "`n") | Should -Match 'attempt 2 of 4 failed \(HTTP 429'
            @($record | Where-Object { $_.PSTypeNames[0] -eq 'HlsEncoder.Backend.FileRecord' }).Count | Should -Be 1
            (Get-LocalPlatformRequest -Platform $platform | Where-Object route -eq 'files').status | Should -Be @(500, 429, 201)
            @(Get-LocalPlatformFileRecord -Platform $platform).Count | Should -Be 1
        }

        It 'stops the whole pipeline on 401 without retrying: every other record would be refused too' {
            Set-PlatformEnvironment $platform -As Expired
            $inputs = 'A', 'B' | ForEach-Object { [pscustomobject]@{ CourseId = $courseId; Name = $_; S3Keys = (New-TestKeySet -Quality 480p); Duration = 1; Qualities = @('480p') } }

            { $inputs | New-BackendFileRecord -ErrorAction Continue } | Should -Throw -ErrorId 'BackendUnauthorized,*'
            $error[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
            "$($error[0])" | Should -Match 'invalid or expired.*set AUTH_TOKEN'
            @(Get-LocalPlatformRequest -Platform $platform).Count | Should -Be 1
        }

        It 'reports 403 for a non-admin token as PermissionDenied' {
            Set-PlatformEnvironment $platform -As User

            { New-BackendFileRecord -CourseId $courseId -Name x -S3Keys (New-TestKeySet -Quality 480p) -Duration 1 -Qualities 480p } |
                Should -Throw -ErrorId 'BackendForbidden,*'
            $error[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        }

        It 'writes one error for a record the backend rejects and goes on with the next' {
            Set-LocalPlatformFault -Platform $platform -Route files -Status 400 -Count 1
            $inputs = 'A', 'B' | ForEach-Object { [pscustomobject]@{ CourseId = $courseId; Name = $_; S3Keys = (New-TestKeySet -Quality 480p); Duration = 1; Qualities = @('480p') } }

            $records = $inputs | New-BackendFileRecord -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'BackendRejectedRequest,*'
            $records.Name | Should -Be 'B'
        }
    }
}
