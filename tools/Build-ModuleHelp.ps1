#Requires -Version 7.4
<#
.SYNOPSIS
Builds a module's Get-Help files from its Markdown pages, with tools/HelpBuilder.

.DESCRIPTION
Writes into <ModuleBase>/en-US, where Get-Help looks, the MAML file the commands ask for (<assembly>-Help.xml)
and one about_<Topic>.help.txt per about_*.md page. The prose comes from -DocsPath (<Verb-Noun>.md per
exported command, platyPS layout); syntax, parameter sets, types, pipeline input and the like come from
the live commands. When the help is incomplete it writes nothing and throws, one line per problem,
naming the page and what to add.

.EXAMPLE
./tools/Build-ModuleHelp.ps1 -ModuleManifest ./output/HlsEncoder/0.2.0/HlsEncoder.psd1 -DocsPath ./docs/en-US
#>
[CmdletBinding()]
[OutputType([System.IO.FileInfo])]
param(
    # The staged module's manifest: the module as it ships, its assembly in place.
    [Parameter(Mandatory)] [string] $ModuleManifest,

    [Parameter(Mandatory)] [string] $DocsPath
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$builder = Join-Path $PSScriptRoot 'HelpBuilder/bin/Release'
$output = & dotnet build (Join-Path $PSScriptRoot 'HelpBuilder/HelpBuilder.csproj') -c Release -o $builder --nologo -v quiet 2>&1
if ($LASTEXITCODE -ne 0) { throw "Building tools/HelpBuilder failed:`n$($output -join "`n")" }

# A child pwsh imports the module and loads the builder, so that this session holds neither.
$job = Start-Job -ArgumentList $builder, (Convert-Path -LiteralPath $ModuleManifest), (Convert-Path -LiteralPath $DocsPath) -ScriptBlock {
    param([string] $Builder, [string] $Manifest, [string] $Docs)
    $ErrorActionPreference = 'Stop'
    Add-Type -Path (Join-Path $Builder 'Markdig.dll'), (Join-Path $Builder 'HelpBuilder.dll')
    $module = Import-Module -Name $Manifest -PassThru
    $help = [HelpBuilder.ModuleHelp]::new($module, [System.Management.Automation.CommandInfo[]] @(Get-Command -Module $module.Name), $Docs)
    if ($help.Problems.Count -gt 0) {
        throw ((, "Help in '$Docs' is incomplete ($($help.Problems.Count) problem(s)):") + $help.Problems) -join "`n"
    }
    $help.Write()
}
try {
    Receive-Job -Job $job -Wait | ForEach-Object { Get-Item -LiteralPath $_ }
}
finally {
    Remove-Job -Job $job -Force
}
