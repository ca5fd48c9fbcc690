#Requires -Version 7.4
<#
.SYNOPSIS
Pester 5 tests for tools/Build-ModuleHelp.ps1 and the HelpBuilder it runs.

.DESCRIPTION
Builds help for a small script module created in $TestDrive (advanced functions
with parameter sets, pipeline input, ValidateSet, a switch, OutputType and
SupportsShouldProcess), then checks what Get-Help shows, and checks that
incomplete pages fail the build with one line per problem. Last, checks the
help that the build wrote for the real module.

Run from the repository root, after ./build.ps1 -Task Build:
    Invoke-Pester ./tests/Build-ModuleHelp.Tests.ps1 -Output Detailed
#>

BeforeAll {
    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'

    $script:BuildScript = Join-Path -Path $PSScriptRoot -ChildPath '..' -AdditionalChildPath 'tools', 'Build-ModuleHelp.ps1'
    # A script module's MAML is <RootModule>-Help.xml, which the fixture's '.ExternalHelp' comments name.
    $script:HelpFileName = 'HelpFixture.psm1-Help.xml'

    $script:ModuleSource = @'
function Get-FixtureItem {
    # .ExternalHelp HelpFixture.psm1-Help.xml
    [CmdletBinding(DefaultParameterSetName = 'ByName')]
    [OutputType([System.Collections.Hashtable])]
    param(
        [Parameter(ParameterSetName = 'ByName', Position = 0, ValueFromPipeline = $true)]
        [SupportsWildcards()]
        [Alias('ItemName')]
        [string[]] $Name = '*',

        [Parameter(ParameterSetName = 'ById', Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [int] $Id,

        [ValidateSet('Small', 'Large')]
        [string] $Size = 'Small',

        [switch] $IncludeHidden
    )
    process { @{ Name = $Name; Id = $Id; Size = $Size; IncludeHidden = [bool] $IncludeHidden } }
}

function Set-FixtureItem {
    # .ExternalHelp HelpFixture.psm1-Help.xml
    [CmdletBinding(SupportsShouldProcess = $true, DefaultParameterSetName = 'ByName')]
    [OutputType([bool])]
    param(
        [Parameter(ParameterSetName = 'ByName', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'ByPath', Position = 1)]
        [string] $Name,

        [Parameter(ParameterSetName = 'ByPath', Mandatory = $true, Position = 0)]
        [string] $Path,

        [Parameter(ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [System.Collections.Hashtable] $Value,

        [switch] $Force
    )
    process { if ($PSCmdlet.ShouldProcess("$Name$Path", 'Set')) { $true } }
}
'@

    $script:ManifestSource = @'
@{
    RootModule        = 'HelpFixture.psm1'
    ModuleVersion     = '1.0.0'
    GUID              = '3f2b8c1e-5d4a-4e6f-9b7c-0a1d2e3f4a5b'
    PowerShellVersion = '7.4'
    FunctionsToExport = @('Get-FixtureItem', 'Set-FixtureItem')
    CmdletsToExport   = @()
    AliasesToExport   = @()
    VariablesToExport = @()
}
'@

    $script:Pages = @{
        'Get-FixtureItem.md'   = @'
---
external help file: HelpFixture.psm1-Help.xml
Module Name: HelpFixture
online version: https://example.com/get-fixtureitem
schema: 2.0.0
---

# Get-FixtureItem

## SYNOPSIS
Gets fixture items.

## SYNTAX

```
Get-FixtureItem [[-Stale] <String>] (stale text that must be ignored)
```

## DESCRIPTION
Gets fixture items by name or by id. This sentence is
wrapped in the markdown source.

```powershell
# a comment in a code block, not a heading
Get-FixtureItem -Name a*
```

Second paragraph of the description.

## EXAMPLES

### Example 1: Get every item
```powershell
PS> Get-FixtureItem
```

Gets all items.

### Example 2: Get an item by id
```powershell
PS> Get-FixtureItem -Id 7
```

Gets the item with id 7.

## PARAMETERS

### -Name
Names of the items to get.

```yaml
Type: String[]
Default value: *
```

### -Id
Id of the item to get.

### -Size
Size of the items to get.

```yaml
Default value: Small
```

### -IncludeHidden
Includes hidden items.

### CommonParameters
This cmdlet supports the common parameters. For more information, see [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).

## INPUTS

### System.String[]
Names of items.

## OUTPUTS

### System.Collections.Hashtable
One hashtable per item.

## NOTES
Items are not cached.

## RELATED LINKS

[Set-FixtureItem](Set-FixtureItem.md)

[about_HelpFixture](about_HelpFixture.md)
'@
        'Set-FixtureItem.md'   = @'
---
external help file: HelpFixture.psm1-Help.xml
Module Name: HelpFixture
online version:
schema: 2.0.0
---

# Set-FixtureItem

## SYNOPSIS
Sets a fixture item.

## DESCRIPTION
Sets a fixture item by name or by path.

## EXAMPLES

### Example 1: Set an item
Text before the code.

```powershell
PS> Set-FixtureItem -Name a -Value @{ Size = 'Large' }
```

Sets item a.

## PARAMETERS

### -Name
Name of the item to set.

### -Path
Path of the item to set.

### -Value
Value to set.

### -Force
Overwrites an existing item.

## INPUTS

### System.Collections.Hashtable
The value to set.

## RELATED LINKS

[Get-FixtureItem](Get-FixtureItem.md)
'@
        'about_HelpFixture.md' = @'
# about_HelpFixture

## SHORT DESCRIPTION
Describes the HelpFixture test module.

## LONG DESCRIPTION
HelpFixture exists only to test the help builder. This paragraph is long enough that the builder has to wrap it at eighty columns.

```powershell
Get-FixtureItem -Name a*
```

- A list item that is long enough to be wrapped onto a second line, with a hanging indent.

Settings, as an indented code block:

    FIXTURE_NAME     the name
    FIXTURE_SIZE     Small or Large

## SEE ALSO
- Get-FixtureItem
'@
    }

    function New-HelpFixture {
        <# Writes the fixture module and its markdown pages under $Root and returns their paths. #>
        param([Parameter(Mandatory)] [string] $Root)

        $moduleBase = New-Item -ItemType Directory -Path (Join-Path -Path $Root -ChildPath 'HelpFixture') -Force
        $docs = New-Item -ItemType Directory -Path (Join-Path -Path $Root -ChildPath 'docs') -Force
        $utf8 = [System.Text.UTF8Encoding]::new($false)
        [System.IO.File]::WriteAllText((Join-Path -Path $moduleBase.FullName -ChildPath 'HelpFixture.psm1'), $script:ModuleSource, $utf8)
        [System.IO.File]::WriteAllText((Join-Path -Path $moduleBase.FullName -ChildPath 'HelpFixture.psd1'), $script:ManifestSource, $utf8)
        foreach ($name in $script:Pages.Keys) {
            # LF endings whatever the checkout uses, so the edits below match.
            [System.IO.File]::WriteAllText((Join-Path -Path $docs.FullName -ChildPath $name), ($script:Pages[$name] -replace "`r`n", "`n"), $utf8)
        }
        [pscustomobject]@{
            ModuleBase = $moduleBase.FullName
            Manifest   = Join-Path -Path $moduleBase.FullName -ChildPath 'HelpFixture.psd1'
            Docs       = $docs.FullName
            OutputPath = Join-Path -Path $moduleBase.FullName -ChildPath 'en-US'
        }
    }

    function Edit-FixturePage {
        <# Replaces exact text on a fixture page; fails when the text is not there, so a stale edit cannot pass silently. #>
        param(
            [Parameter(Mandatory)] [object] $Fixture,
            [Parameter(Mandatory)] [string] $Page,
            [Parameter(Mandatory)] [string] $Text,
            [Parameter(Mandatory)] [AllowEmptyString()] [string] $Replacement
        )

        $path = Join-Path -Path $Fixture.Docs -ChildPath $Page
        $content = [System.IO.File]::ReadAllText($path)
        if (-not $content.Contains($Text)) { throw "Fixture page $Page does not contain: $Text" }
        [System.IO.File]::WriteAllText($path, $content.Replace($Text, $Replacement))
    }

    function Get-BuildFailure {
        <# Runs the build and returns the lines of its error message, or $null when it succeeds. #>
        param([Parameter(Mandatory)] [object] $Fixture)

        try {
            $null = & $script:BuildScript -ModuleManifest $Fixture.Manifest -DocsPath $Fixture.Docs
            return $null
        }
        catch {
            return ($_.Exception.Message -split '\r?\n')
        }
    }

    function Get-HelpText {
        <# The Text of Get-Help's paragraph objects, trimmed. #>
        param([AllowNull()] [object[]] $Paragraph)

        return @($Paragraph | ForEach-Object { ([string] $_.Text).Trim() })
    }
}

Describe 'Build-ModuleHelp.ps1 with complete help pages' {
    BeforeAll {
        $fixture = New-HelpFixture -Root (Join-Path -Path $TestDrive -ChildPath 'complete')
        $written = @(& $script:BuildScript -ModuleManifest $fixture.Manifest -DocsPath $fixture.Docs)
        Import-Module -Name $fixture.Manifest -Force
    }

    AfterAll {
        Remove-Module -Name HelpFixture -Force -ErrorAction SilentlyContinue
    }

    It 'writes the MAML file the commands ask for and the about topic into en-US beside the manifest, where Get-Help looks' {
        @($written | ForEach-Object Name) | Should -Be @($script:HelpFileName, 'about_HelpFixture.help.txt')
        @($written | ForEach-Object { $_.Directory.FullName }) | Should -Be @($fixture.OutputPath, $fixture.OutputPath)
        Join-Path -Path $fixture.OutputPath -ChildPath $script:HelpFileName | Should -Exist
    }

    It 'writes well-formed MAML with one command element per exported function' {
        $xml = [xml] [System.IO.File]::ReadAllText((Join-Path -Path $fixture.OutputPath -ChildPath $script:HelpFileName))
        $namespaces = [System.Xml.XmlNamespaceManager]::new($xml.NameTable)
        $namespaces.AddNamespace('msh', 'http://msh')
        $namespaces.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')

        $xml.DocumentElement.LocalName | Should -Be 'helpItems'
        $xml.DocumentElement.GetAttribute('schema') | Should -Be 'maml'
        @($xml.SelectNodes('/msh:helpItems/command:command/command:details/command:name', $namespaces) | ForEach-Object InnerText) |
            Should -Be @('Get-FixtureItem', 'Set-FixtureItem')
    }

    It 'shows the synopsis of <Command> from its page' -ForEach @(
        @{ Command = 'Get-FixtureItem'; Synopsis = 'Gets fixture items.' }
        @{ Command = 'Set-FixtureItem'; Synopsis = 'Sets a fixture item.' }
    ) {
        (Get-Help -Name $Command).Synopsis | Should -BeExactly $Synopsis
    }

    It 'shows the description paragraphs, joining wrapped lines and keeping code blocks whole' {
        $description = @(Get-HelpText -Paragraph (Get-Help -Name Get-FixtureItem -Full).description)

        $description | Should -HaveCount 3
        $description[0] | Should -BeExactly 'Gets fixture items by name or by id. This sentence is wrapped in the markdown source.'
        $description[1] | Should -BeExactly ("# a comment in a code block, not a heading`nGet-FixtureItem -Name a*")
        $description[2] | Should -BeExactly 'Second paragraph of the description.'
    }

    It 'shows every example with its title, code and remarks' {
        $examples = @((Get-Help -Name Get-FixtureItem -Examples).examples.example)

        $examples | Should -HaveCount 2
        $examples[0].title | Should -BeLike '*Example 1: Get every item*'
        $examples[0].code | Should -BeExactly 'PS> Get-FixtureItem'
        Get-HelpText -Paragraph $examples[0].remarks | Should -Be @('Gets all items.')
        $examples[1].title | Should -BeLike '*Example 2: Get an item by id*'
        $examples[1].code | Should -BeExactly 'PS> Get-FixtureItem -Id 7'
        Get-HelpText -Paragraph $examples[1].remarks | Should -Be @('Gets the item with id 7.')
    }

    It 'puts the text around an example''s code into its remarks' {
        $example = @((Get-Help -Name Set-FixtureItem -Examples).examples.example)[0]

        $example.code | Should -BeExactly "PS> Set-FixtureItem -Name a -Value @{ Size = 'Large' }"
        Get-HelpText -Paragraph $example.remarks | Should -Be @('Text before the code.', 'Sets item a.')
    }

    It 'describes every parameter of <Command>' -ForEach @(
        @{ Command = 'Get-FixtureItem'; Expected = @('Name', 'Id', 'Size', 'IncludeHidden') }
        @{ Command = 'Set-FixtureItem'; Expected = @('Name', 'Path', 'Value', 'Force', 'WhatIf', 'Confirm') }
    ) {
        $common = [System.Management.Automation.Cmdlet]::CommonParameters
        $live = @((Get-Command -Name $Command).Parameters.Keys | Where-Object { -not $common.Contains($_) })
        $live | Should -Be $Expected

        foreach ($name in $live) {
            $help = Get-Help -Name $Command -Parameter $name
            $help.name | Should -BeExactly $name
            (Get-HelpText -Paragraph $help.description) -join ' ' | Should -Not -BeNullOrEmpty -Because "-$name needs a description"
        }
    }

    It 'reports -<Parameter> of <Command> as the live command declares it' -ForEach @(
        @{ Command = 'Get-FixtureItem'; Parameter = 'Name'; Type = 'String[]'; Required = 'false'; Position = '0'; Pipeline = 'True (ByValue)'; Globbing = 'true'; Aliases = 'ItemName'; Default = '*' }
        @{ Command = 'Get-FixtureItem'; Parameter = 'Id'; Type = 'Int32'; Required = 'true'; Position = 'named'; Pipeline = 'True (ByPropertyName)'; Globbing = 'false'; Aliases = 'none'; Default = 'None' }
        @{ Command = 'Get-FixtureItem'; Parameter = 'Size'; Type = 'String'; Required = 'false'; Position = 'named'; Pipeline = 'False'; Globbing = 'false'; Aliases = 'none'; Default = 'Small' }
        @{ Command = 'Get-FixtureItem'; Parameter = 'IncludeHidden'; Type = 'SwitchParameter'; Required = 'false'; Position = 'named'; Pipeline = 'False'; Globbing = 'false'; Aliases = 'none'; Default = 'False' }
        @{ Command = 'Set-FixtureItem'; Parameter = 'Name'; Type = 'String'; Required = 'true (ByName), false (ByPath)'; Position = '0 (ByName), 1 (ByPath)'; Pipeline = 'True (ByPropertyName)'; Globbing = 'false'; Aliases = 'none'; Default = 'None' }
        @{ Command = 'Set-FixtureItem'; Parameter = 'Path'; Type = 'String'; Required = 'true'; Position = '0'; Pipeline = 'False'; Globbing = 'false'; Aliases = 'none'; Default = 'None' }
        @{ Command = 'Set-FixtureItem'; Parameter = 'Value'; Type = 'Hashtable'; Required = 'false'; Position = 'named'; Pipeline = 'True (ByValue, ByPropertyName)'; Globbing = 'false'; Aliases = 'none'; Default = 'None' }
        @{ Command = 'Set-FixtureItem'; Parameter = 'WhatIf'; Type = 'SwitchParameter'; Required = 'false'; Position = 'named'; Pipeline = 'False'; Globbing = 'false'; Aliases = 'wi'; Default = 'False' }
    ) {
        $help = Get-Help -Name $Command -Parameter $Parameter

        $help.parameterValue | Should -BeExactly $Type
        $help.required | Should -BeExactly $Required
        $help.position | Should -BeExactly $Position
        $help.pipelineInput | Should -BeExactly $Pipeline
        $help.globbing | Should -BeExactly $Globbing
        $help.aliases | Should -BeExactly $Aliases
        $help.defaultValue | Should -BeExactly $Default
    }

    It 'builds one syntax line per parameter set from the live command, with the common parameters' {
        $text = Get-Help -Name Get-FixtureItem | Out-String -Width 500
        $lines = @($text -split '\r?\n' | ForEach-Object Trim)

        $lines | Should -Contain 'Get-FixtureItem [[-Name] <String[]>] [-Size {Small | Large}] [-IncludeHidden] [<CommonParameters>]'
        $lines | Should -Contain 'Get-FixtureItem -Id <Int32> [-Size {Small | Large}] [-IncludeHidden] [<CommonParameters>]'
        $text | Should -Not -BeLike '*stale text*'
    }

    It 'lists -WhatIf and -Confirm in the syntax of a ShouldProcess command' {
        $lines = @((Get-Help -Name Set-FixtureItem | Out-String -Width 500) -split '\r?\n' | ForEach-Object Trim)

        $lines | Should -Contain 'Set-FixtureItem [-Name] <String> [-Value <Hashtable>] [-Force] [-WhatIf] [-Confirm] [<CommonParameters>]'
        $lines | Should -Contain 'Set-FixtureItem [-Path] <String> [[-Name] <String>] [-Value <Hashtable>] [-Force] [-WhatIf] [-Confirm] [<CommonParameters>]'
    }

    It 'states the ValidateSet values in the parameter''s own entry' {
        $description = Get-HelpText -Paragraph (Get-Help -Name Get-FixtureItem -Parameter Size).description

        $description | Should -Be @('Size of the items to get.', 'Accepted values: Small, Large')
    }

    It 'describes -<Parameter> with the standard text when the page does not' -ForEach @(
        @{ Parameter = 'WhatIf'; Text = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.' }
        @{ Parameter = 'Confirm'; Text = 'Prompts you for confirmation before running the cmdlet.' }
    ) {
        Get-HelpText -Paragraph (Get-Help -Name Set-FixtureItem -Parameter $Parameter).description | Should -Be @($Text)
    }

    It 'lists the documented inputs and outputs with their descriptions' {
        $help = Get-Help -Name Get-FixtureItem -Full

        @($help.inputTypes.inputType).type.name | Should -Be @('System.String[]')
        Get-HelpText -Paragraph @($help.inputTypes.inputType)[0].description | Should -Be @('Names of items.')
        @($help.returnValues.returnValue).type.name | Should -Be @('System.Collections.Hashtable')
        Get-HelpText -Paragraph @($help.returnValues.returnValue)[0].description | Should -Be @('One hashtable per item.')
    }

    It 'adds the OutputType the page leaves out' {
        @((Get-Help -Name Set-FixtureItem -Full).returnValues.returnValue).type.name | Should -Be @('System.Boolean')
    }

    It 'shows the notes and the related links, with the online version first' {
        $help = Get-Help -Name Get-FixtureItem -Full
        $links = @($help.relatedLinks.navigationLink)

        Get-HelpText -Paragraph $help.alertSet.alert | Should -Be @('Items are not cached.')
        @($links | ForEach-Object linkText) | Should -Be @('Online Version:', 'Set-FixtureItem', 'about_HelpFixture')
        @($links | ForEach-Object uri) | Should -Be @('https://example.com/get-fixtureitem', '', '')
    }

    It 'leaves out NOTES for a page without notes' {
        Get-Help -Name Set-FixtureItem -Full | Out-String | Should -Not -Match '(?m)^NOTES'
        Get-Help -Name Get-FixtureItem -Full | Out-String | Should -Match '(?m)^NOTES'
    }

    It 'lets Get-Help show the about topic' {
        $text = Get-Help -Name about_HelpFixture | Out-String

        $text | Should -BeLike '*SHORT DESCRIPTION*Describes the HelpFixture test module.*LONG DESCRIPTION*'
    }

    It 'lays the about topic out as TOPIC, SHORT DESCRIPTION and LONG DESCRIPTION within 80 columns' {
        $lines = @([System.IO.File]::ReadAllLines((Join-Path -Path $fixture.OutputPath -ChildPath 'about_HelpFixture.help.txt')))

        $lines[0..4] | Should -Be @('TOPIC', '    about_HelpFixture', '', 'SHORT DESCRIPTION', '    Describes the HelpFixture test module.')
        $lines | Should -Contain 'LONG DESCRIPTION'
        $lines | Should -Contain 'SEE ALSO'
        $lines | Should -Contain '        Get-FixtureItem -Name a*'
        $lines | Should -Contain '        FIXTURE_NAME     the name'
        $lines | Should -Contain '        FIXTURE_SIZE     Small or Large'
        @($lines | Where-Object { $_.Length -gt 80 }) | Should -BeNullOrEmpty
        @($lines | Where-Object { $_ -like '    HelpFixture exists only*' }) | Should -HaveCount 1
        @($lines | Where-Object { $_ -like '    - A list item*' }) | Should -HaveCount 1
        @($lines | Where-Object { $_ -like '      *hanging indent.' }) | Should -HaveCount 1
    }
}

Describe 'Build-ModuleHelp.ps1 validation' {
    Context 'pages with gaps' {
        # One build of pages with several independent gaps: each gap has a line of its own in the error.
        BeforeAll {
            $fixture = New-HelpFixture -Root (Join-Path -Path $TestDrive -ChildPath 'gaps')
            Edit-FixturePage -Fixture $fixture -Page 'Get-FixtureItem.md' -Text "## SYNOPSIS`nGets fixture items.`n" -Replacement ''
            Edit-FixturePage -Fixture $fixture -Page 'Get-FixtureItem.md' -Text "``````powershell`nPS> Get-FixtureItem -Id 7`n``````" -Replacement ''
            Edit-FixturePage -Fixture $fixture -Page 'Get-FixtureItem.md' -Text "### -Size`nSize of the items to get.`n" -Replacement ''
            Edit-FixturePage -Fixture $fixture -Page 'Get-FixtureItem.md' -Text "### -Id`nId of the item to get.`n" -Replacement "### -Id`n"
            Edit-FixturePage -Fixture $fixture -Page 'Set-FixtureItem.md' -Text "Sets a fixture item by name or by path.`n" -Replacement ''
            Edit-FixturePage -Fixture $fixture -Page 'Set-FixtureItem.md' -Text "### Example 1: Set an item`n" -Replacement ''
            Edit-FixturePage -Fixture $fixture -Page 'Set-FixtureItem.md' -Text "### -Force`n" -Replacement "### -Colour`nA colour.`n`n### -Force`n"
            Edit-FixturePage -Fixture $fixture -Page 'about_HelpFixture.md' -Text 'Describes the HelpFixture test module.' `
                -Replacement 'Describes the HelpFixture test module, which exists only so that the help builder has something to build.'
            Copy-Item -LiteralPath (Join-Path -Path $fixture.Docs -ChildPath 'Set-FixtureItem.md') -Destination (Join-Path -Path $fixture.Docs -ChildPath 'Remove-FixtureItem.md')

            $failure = @(Get-BuildFailure -Fixture $fixture)
        }

        It 'reports <Gap>, naming the page' -ForEach @(
            @{ Gap = 'a missing SYNOPSIS section'; Line = "Get-FixtureItem.md: missing '## SYNOPSIS' section" }
            @{ Gap = 'an empty DESCRIPTION section'; Line = "Set-FixtureItem.md: '## DESCRIPTION' section is empty" }
            @{ Gap = 'a page without an example'; Line = "Set-FixtureItem.md: no example (add '### Example 1: ...' with a code block under '## EXAMPLES')" }
            @{ Gap = 'an example without code'; Line = "Get-FixtureItem.md: example 'Example 2: Get an item by id' has no code block" }
            @{ Gap = 'a parameter without a section'; Line = "Get-FixtureItem.md: parameter -Size has no description (add '### -Size' under '## PARAMETERS')" }
            @{ Gap = 'a parameter section without a description'; Line = 'Get-FixtureItem.md: parameter -Id has an empty description' }
            @{ Gap = 'a parameter the command does not have'; Line = 'Set-FixtureItem.md: documents parameter -Colour, which Set-FixtureItem does not have' }
            @{ Gap = 'a page for a command the module does not export'; Line = "Remove-FixtureItem.md: documents 'Remove-FixtureItem', which HelpFixture does not export" }
            @{ Gap = 'a short description longer than a line'; Line = "about_HelpFixture.md: '## SHORT DESCRIPTION' takes more than one line of the topic; shorten it to one sentence of at most 76 characters" }
        ) {
            $failure | Should -Contain $Line
        }

        It 'reports every problem at once, one line each, under one heading' {
            $failure | Should -HaveCount 10
            $failure[0] | Should -BeExactly "Help in '$($fixture.Docs)' is incomplete (9 problem(s)):"
        }

        It 'writes nothing' {
            $fixture.OutputPath | Should -Not -Exist
        }
    }

    Context 'missing pages' {
        BeforeAll {
            $fixture = New-HelpFixture -Root (Join-Path -Path $TestDrive -ChildPath 'missing')
            Remove-Item -LiteralPath (Join-Path -Path $fixture.Docs -ChildPath 'Set-FixtureItem.md')
            Remove-Item -LiteralPath (Join-Path -Path $fixture.Docs -ChildPath 'about_HelpFixture.md')

            $failure = @(Get-BuildFailure -Fixture $fixture)
        }

        It 'names each missing page and what needs it, in order' {
            $failure | Should -Be @(
                "Help in '$($fixture.Docs)' is incomplete (2 problem(s)):"
                'Set-FixtureItem.md: missing; HelpFixture exports function Set-FixtureItem but it has no help page'
                'about_HelpFixture.md: missing; every module needs an about_<ModuleName> topic')
        }

        It 'writes nothing' {
            $fixture.OutputPath | Should -Not -Exist
        }
    }
}

Describe 'The help the build wrote for HlsEncoder' {
    BeforeDiscovery {
        $manifest = Import-PowerShellDataFile -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '..' -AdditionalChildPath 'HlsEncoder.psd1')
        $cmdlets = @($manifest.CmdletsToExport | ForEach-Object { @{ Cmdlet = $_ } })
    }

    BeforeAll {
        . (Join-Path -Path $PSScriptRoot -ChildPath 'common.ps1')
    }

    It 'describes every public parameter of <Cmdlet>, -WhatIf and -Confirm included' -ForEach $cmdlets {
        $common = [System.Management.Automation.Cmdlet]::CommonParameters
        $public = @((Get-Command -Name $Cmdlet -Module HlsEncoder).Parameters.Keys | Where-Object { -not $common.Contains($_) })

        foreach ($name in $public) {
            # Help that Get-Help makes up for a command without MAML describes no parameter.
            $help = Get-Help -Name $Cmdlet -Parameter $name -ErrorAction Stop
            (Get-HelpText -Paragraph $help.description) -join ' ' | Should -Not -BeNullOrEmpty -Because "-$name of $Cmdlet needs a description"
        }
    }
}
