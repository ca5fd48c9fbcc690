BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $cmdlets = @(Get-Command -Module HlsEncoder -CommandType Cmdlet)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $cmdlets = @(Get-Command -Module HlsEncoder -CommandType Cmdlet)
}

Describe 'The HlsEncoder module' {
    It 'has a manifest for PowerShell 7.4+ Core that exports exactly the cmdlets it implements' {
        $manifest = Test-ModuleManifest -Path $script:ModuleManifest

        $manifest.PowerShellVersion | Should -Be ([version]'7.4')
        $manifest.CompatiblePSEditions | Should -Be @('Core')
        $implemented = [System.AppDomain]::CurrentDomain.GetAssemblies() |
            Where-Object { $_.GetName().Name -eq 'HlsEncoder.Module' } |
            ForEach-Object { $_.GetExportedTypes() } |
            ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
            ForEach-Object { "$($_.VerbName)-$($_.NounName)" }
        @($manifest.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($implemented | Sort-Object)
        $cmdlets.Count | Should -Be $manifest.ExportedCmdlets.Count
    }

    It 'loads the engine and its dependencies in a load context of their own' {
        # Running a cmdlet makes sure the engine and its dependencies are loaded, whatever ran before.
        $null = Get-HlsEncoderConfiguration

        $contexts = [System.AppDomain]::CurrentDomain.GetAssemblies() |
            Where-Object { $_.GetName().Name -in 'HlsEncoder', 'Polly.Core', 'Microsoft.Extensions.Configuration' } |
            ForEach-Object { [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name } | Select-Object -Unique

        $contexts | Should -Be 'HlsEncoder'
    }

    It 'leaves a load that is not its own to the default context, though bin/deps holds the assembly' {
        # A fresh process, where this module is the only one answering loads: another module (or script)
        # that asks the default context for Polly must not be handed our copy.
        $probe = @'
$engine = (Get-HlsEncoderConfiguration)[0].GetType().Assembly
$loads = [ordered]@{}
foreach ($name in 'Polly, Version=8.0.0.0, Culture=neutral, PublicKeyToken=c8a3ffc3f8f825cc',
    'Polly.Core, Version=8.0.0.0, Culture=neutral, PublicKeyToken=c8a3ffc3f8f825cc',
    'Microsoft.Extensions.Primitives, Version=8.0.0.0, Culture=neutral, PublicKeyToken=adb9793829ddae60',
    'HlsEncoder') {
    $loads[$name] = try { [System.Reflection.Assembly]::Load($name).Location } catch { $_.Exception.InnerException.GetType().Name }
}
$loads['LoadFromAssemblyName Polly'] = try { [System.Runtime.Loader.AssemblyLoadContext]::Default.LoadFromAssemblyName([System.Reflection.AssemblyName]'Polly').Location } catch { $_.Exception.InnerException.GetType().Name }
[pscustomobject]@{ Engine = $engine.Location; EngineContext = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine).Name; Loads = $loads } | ConvertTo-Json -Compress
'@
        $deps = Join-Path (Split-Path -Parent $script:ModuleManifest) 'bin/deps'

        $run = Invoke-ChildPwsh -Command $probe

        $run.ExitCode | Should -Be 0 -Because $run.Output
        $result = ($run.Output -split "`n" | Where-Object { $_ -like '{*' } | Select-Object -Last 1) | ConvertFrom-Json
        # The module still works, its engine loaded from bin/deps into its own context...
        $result.Engine | Should -Be (Join-Path $deps 'HlsEncoder.dll')
        $result.EngineContext | Should -Be 'HlsEncoder'
        # ...while nobody else gets an assembly from there: pwsh has none of these, so each load fails.
        foreach ($load in $result.Loads.PSObject.Properties) {
            $load.Value | Should -Be 'FileNotFoundException' -Because "$($load.Name) was asked for by a script, not by the module"
        }
    }

    Context '<_.Name>' -ForEach $cmdlets {
        BeforeAll {
            $command = $_
            $help = Get-Help $command.Name -Full
            $own = @($command.Parameters.Values | Where-Object {
                    $_.Name -notin [System.Management.Automation.Cmdlet]::CommonParameters -and
                    $_.Name -notin [System.Management.Automation.Cmdlet]::OptionalCommonParameters })
        }

        It 'uses an approved verb' {
            (Get-Verb).Verb | Should -Contain $command.Verb
        }

        It 'declares what it outputs' {
            $command.OutputType.Count | Should -BeGreaterThan 0
        }

        It 'has help with a synopsis, a description and examples with code' {
            $help.Synopsis | Should -Not -BeNullOrEmpty
            $help.Synopsis | Should -Not -Match '^\s*Get-|^\s*\w+-\w+ \['
            ($help.Description.Text -join '') | Should -Not -BeNullOrEmpty
            @($help.Examples.Example).Count | Should -BeGreaterThan 0
            @($help.Examples.Example | Where-Object { -not $_.Code }).Count | Should -Be 0
        }

        It 'describes every parameter in its help' {
            foreach ($parameter in $own) {
                $described = $help.Parameters.Parameter | Where-Object Name -eq $parameter.Name
                ($described.Description.Text -join '') | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) needs a description"
            }
        }

        It 'takes secrets only as SecureString or PSCredential' {
            $plain = $own | Where-Object { $_.Name -match 'Token|Password|Secret|Key$' -and $_.ParameterType -eq [string] }
            $plain | Should -BeNullOrEmpty
        }

        It 'supports -WhatIf and -Confirm when it changes the outside world' {
            if ($command.Verb -in 'New', 'Send', 'Publish', 'Remove', 'Set', 'Save') {
                $command.Parameters.Keys | Should -Contain 'WhatIf'
                $command.Parameters.Keys | Should -Contain 'Confirm'
            }
        }

        It 'has a view for what it outputs' {
            $views = (Get-FormatData -TypeName ($command.OutputType.Name | Where-Object { $_ -like 'HlsEncoder.*' })).TypeNames
            foreach ($type in $command.OutputType.Name | Where-Object { $_ -like 'HlsEncoder.*' }) {
                $views | Should -Contain $type
            }
        }
    }

    It 'completes -Language with the platform languages' {
        $completion = TabExpansion2 -inputScript 'New-BackendFileRecord -Language ' -cursorColumn 'New-BackendFileRecord -Language '.Length

        $completion.CompletionMatches.CompletionText | Should -Be @('en', 'es', 'fr', 'de', 'ar', 'hi')
        ($completion.CompletionMatches | Where-Object CompletionText -eq 'ar').ToolTip | Should -Match 'Arabic'
    }

    It 'completes <Line> as <Expected>, keeping the quote the user typed' -ForEach @(
        @{ Line = "Invoke-HlsEncode x.mp4 -Quality '72"; Expected = @("'720p'") }
        @{ Line = 'Invoke-HlsEncode x.mp4 -Quality "72'; Expected = @('"720p"') }
        @{ Line = "Invoke-HlsEncode x.mp4 -Quality '72'"; Expected = @("'720p'") }
        @{ Line = "Publish-HlsVideo x.mp4 -Preset 'very"; Expected = @("'veryfast'", "'veryslow'") }
        @{ Line = "Invoke-Transcription x.mp4 -Language 'au"; Expected = @("'auto'") }
        @{ Line = 'Save-WhisperModel -ModelName "tiny'; Expected = @('"tiny"', '"tiny.en"') }
        @{ Line = "Set-HlsEncoderDefault -Language 'f"; Expected = @("'fr'") }
    ) {
        $completion = TabExpansion2 -inputScript $Line -cursorColumn $Line.Length

        $completion.CompletionMatches.CompletionText | Should -Be $Expected
        # The list shows the bare value; the quote only goes back into the line.
        $completion.CompletionMatches.ListItemText | Should -Be ($Expected -replace '[''"]')
    }

    It 'completes <Line> as <Expected>, reading the word as a wildcard pattern' -ForEach @(
        @{ Line = 'Invoke-HlsEncode x.mp4 -Quality *20'; Expected = @('720p') }
        @{ Line = 'Invoke-HlsEncode x.mp4 -Quality 7?0p'; Expected = @('720p') }
        @{ Line = "Invoke-HlsEncode x.mp4 -Quality '*4'"; Expected = @("'1440p'", "'480p'", "'240p'") }
        @{ Line = 'Publish-HlsVideo x.mp4 -Preset *fast'; Expected = @('superfast', 'veryfast', 'faster', 'fast') }
        @{ Line = 'Invoke-Transcription x.mp4 -ModelName *turbo'; Expected = @('large-v3-turbo', 'large-v3-turbo-q5_0') }
    ) {
        $completion = TabExpansion2 -inputScript $Line -cursorColumn $Line.Length

        $completion.CompletionMatches.CompletionText | Should -Be $Expected
    }

    It 'offers nothing, rather than failing, for an unfinished wildcard range' {
        [HlsEncoder.Module.Infrastructure.CompletionCandidate[]] $candidates = [HlsEncoder.Module.Infrastructure.CompletionCandidate]::new('720p', 'tip', $null)

        $completion = @([HlsEncoder.Module.Infrastructure.ValueCompleter]::Complete('[7', $candidates))

        $completion.Count | Should -Be 0
    }

    It 'completes <Line> with a language found by its code or its English name' -ForEach @(
        @{ Line = 'Publish-HlsVideo x.mp4 -Language F'; Expected = @('fr') }
        @{ Line = 'Send-HlsToS3 x -Language ger'; Expected = @('de') }
        @{ Line = 'Publish-HlsVideo x.mp4 -Language "span'; Expected = @('"es"') }
        @{ Line = 'Invoke-Transcription x.mp4 -Language a'; Expected = @('auto', 'ar') }
        @{ Line = 'New-BackendFileRecord -Language *i'; Expected = @('en', 'es', 'ar', 'hi') }
    ) {
        $completion = TabExpansion2 -inputScript $Line -cursorColumn $Line.Length

        $completion.CompletionMatches.CompletionText | Should -Be $Expected
    }

    It 'completes <Value> after [<Word>] as <Expected>, quoting only a value that needs it' -ForEach @(
        @{ Word = ''; Value = 'two words'; Expected = "'two words'" }
        @{ Word = '"tw'; Value = 'two words'; Expected = '"two words"' }
        @{ Word = ''; Value = "it's"; Expected = "'it''s'" }
        @{ Word = '"'; Value = 'costs $5'; Expected = '"costs `$5"' }
        @{ Word = ''; Value = '$HOME'; Expected = "'`$HOME'" }
        @{ Word = ''; Value = 'large-v3-turbo'; Expected = 'large-v3-turbo' }
    ) {
        # No value the module offers today needs quotes, so the shared matcher is called directly.
        [HlsEncoder.Module.Infrastructure.CompletionCandidate[]] $candidates = [HlsEncoder.Module.Infrastructure.CompletionCandidate]::new($Value, 'tip', $null)

        $completion = @([HlsEncoder.Module.Infrastructure.ValueCompleter]::Complete($Word, $candidates))

        $completion.CompletionText | Should -Be $Expected
        $completion.ListItemText | Should -Be $Value
    }

    It 'declares each shared option once: every command that has it takes the same parameter, with the same rules and help' {
        # Commands add their shared options at run time (HlsEncoder.Module/Parameters), so PowerShell reports them as dynamic.
        $shared = $cmdlets | ForEach-Object { $_.Parameters.Values } | Where-Object IsDynamic | Group-Object Name
        @($shared.Name | Sort-Object) | Should -Be @('Download', 'FfmpegPath', 'LogPath', 'Model', 'ModelName', 'NoIFramePlaylist', 'NoLoudnessNormalization', 'NoPoster', 'NoSilenceSkip', 'NoStoryboard', 'PosterTime', 'Preset', 'Prompt', 'Quality', 'SegmentDuration', 'Threads')
        @(($shared | Where-Object Name -EQ 'Prompt').Group | ForEach-Object { $_ }) | Should -HaveCount 2
        @(($shared | Where-Object Name -EQ 'Quality').Group | ForEach-Object { $_ }) | Should -HaveCount 2
        @(($shared | Where-Object Name -EQ 'Model').Group | ForEach-Object { $_ }) | Should -HaveCount 3
        @(($shared | Where-Object Name -EQ 'LogPath').Group | ForEach-Object { $_ }) | Should -HaveCount 6
        foreach ($group in $shared) {
            $shapes = $group.Group | ForEach-Object { "$($_.ParameterType) $(($_.Attributes | ForEach-Object { $_.GetType().Name } | Sort-Object) -join ',')" }
            @($shapes | Sort-Object -Unique) | Should -HaveCount 1 -Because "-$($group.Name) is one declaration"
            $texts = foreach ($name in ($cmdlets | Where-Object { $_.Parameters.ContainsKey($group.Name) -and $_.Parameters[$group.Name].IsDynamic } | ForEach-Object Name)) {
                (Get-Help $name -Parameter $group.Name).Description.Text -join ''
            }
            @($texts | Sort-Object -Unique) | Should -HaveCount 1 -Because "-$($group.Name) is described once"
        }
        # A command's own parameter of the same name means something else (Save-WhisperModel -ModelName names the model to download).
        $copies = foreach ($command in $cmdlets) {
            $shared.Name | Where-Object { $command.Parameters.ContainsKey($_) -and -not $command.Parameters[$_].IsDynamic } | ForEach-Object { "$($command.Name) -$_" }
        }
        @($copies) | Should -Be @('Save-WhisperModel -ModelName')
    }

    It 'has an about topic' {
        (Get-Help about_HlsEncoder | Out-String) | Should -Match 'courses/\{courseId\}/\{language\}/'
    }
}
