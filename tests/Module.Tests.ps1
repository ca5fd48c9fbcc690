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

    It 'has an about topic' {
        (Get-Help about_HlsEncoder | Out-String) | Should -Match 'courses/\{courseId\}/\{language\}/'
    }
}
