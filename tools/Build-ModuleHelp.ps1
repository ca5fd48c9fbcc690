#Requires -Version 7.4
<#
.SYNOPSIS
Builds a module's Get-Help files (MAML XML and about_ topics) from its markdown help pages.

.DESCRIPTION
Turns the hand-written help pages in -DocsPath (platyPS v1 markdown layout, one
<Verb-Noun>.md per exported command plus about_*.md topics) into the files that
Get-Help reads:

- <OutputPath>/<HelpFileName>: one MAML document holding every exported command.
- <OutputPath>/about_<Topic>.help.txt: one plain-text topic per about_*.md page.

The prose (synopsis, description, examples, parameter descriptions, inputs,
outputs, notes, related links) comes from the markdown. Everything the command
itself knows (parameter sets, types, Mandatory, Position, pipeline input,
aliases, wildcard support, ValidateSet and enum values, OutputType) is read from
the live commands, so the syntax and the parameter attributes cannot go stale.
The only metadata taken from markdown is a parameter's "Default value:" line in
its optional yaml block, because a compiled default cannot be read back.

The module is imported in a child pwsh process (a background job), never in the
calling session, so the build never holds a lock on the module's assembly.

The script refuses to write anything when the help is incomplete. It throws one
error whose message has one line per problem, naming the page and what is
wrong: an exported command without a page, a page for a command the module does
not export, a missing SYNOPSIS or DESCRIPTION, no example, an example without
code, a parameter without a description, a documented parameter the command
does not have, and a missing about_<ModuleName>.md page.

After writing, the script imports the module in a fresh child process and asks
Get-Help for every command and about topic, and throws when Get-Help does not
show the generated help (for example because -OutputPath is not a folder
Get-Help searches).

.PARAMETER ModuleManifest
Path to the module manifest (.psd1) of the staged module, i.e. the module as it
will ship, with its assembly or script module already in place.

.PARAMETER DocsPath
Folder holding the markdown help pages: <Verb-Noun>.md for each exported command
and about_<Topic>.md for each about topic.

.PARAMETER OutputPath
Folder to write the help files to. Defaults to the en-US folder next to the
manifest (<ModuleBase>/en-US), which is where Get-Help looks; see NOTES.

.PARAMETER HelpFileName
File name of the MAML file. Defaults to the name Get-Help asks for: the
commands' HelpFile property, which for a binary module is
<AssemblyFileName>-Help.xml (e.g. HlsEncoder.Module.dll-Help.xml). Script module
functions have no HelpFile unless they carry a '# .ExternalHelp <Name>' comment,
so pass the name used in that comment (e.g. MyModule.psm1-Help.xml).

.PARAMETER SkipGetHelpCheck
Skips the final check that Get-Help, in a fresh process, finds the generated
help for every command and about topic.

.EXAMPLE
PS> ./tools/Build-ModuleHelp.ps1 -ModuleManifest ./artifacts/HlsEncoder/HlsEncoder.psd1 -DocsPath ./docs/en-US -OutputPath ./artifacts/HlsEncoder/en-US

Writes HlsEncoder.Module.dll-Help.xml and about_HlsEncoder.help.txt into the
staged module's en-US folder.

.EXAMPLE
PS> ./tools/Build-ModuleHelp.ps1 -ModuleManifest ./out/MyModule/MyModule.psd1 -DocsPath ./docs -HelpFileName MyModule.psm1-Help.xml

Builds help for a script module whose functions carry '# .ExternalHelp MyModule.psm1-Help.xml'.

.OUTPUTS
System.IO.FileInfo for every file written.

.NOTES
Where Get-Help looks (checked with PowerShell 7.6 on Linux): for a cmdlet whose
assembly is <ModuleBase>/bin/HlsEncoder.Module.dll, loaded through
<ModuleBase>/HlsEncoder.psd1 with RootModule = 'bin/HlsEncoder.Module.dll',
Get-Help reads <ModuleBase>/<culture>/HlsEncoder.Module.dll-Help.xml, i.e.
<ModuleBase>/en-US/. It does NOT look in <ModuleBase>/bin/en-US/. The same holds
when the UI culture is not en-US (de-DE and the invariant culture fall back to
en-US). about_*.help.txt topics are found in <ModuleBase>/en-US/ too, both after
Import-Module and for a module that is only on $env:PSModulePath.
#>
[CmdletBinding()]
[OutputType([System.IO.FileInfo])]
param(
    [Parameter(Mandatory)]
    [string] $ModuleManifest,

    [Parameter(Mandatory)]
    [string] $DocsPath,

    [string] $OutputPath,

    [Alias('AssemblyHelpFileName')]
    [string] $HelpFileName,

    [switch] $SkipGetHelpCheck
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$script:MamlNamespace = @{
    Msh     = 'http://msh'
    Maml    = 'http://schemas.microsoft.com/maml/2004/10'
    Command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    Dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
    MSHelp  = 'http://msdn.microsoft.com/mshelp'
    Xmlns   = 'http://www.w3.org/2000/xmlns/'
}

# Standard texts, as in PowerShell's own help, for the ShouldProcess parameters
# that a page does not describe itself.
$script:ShouldProcessDescription = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}

$script:AboutWidth = 80

#region Command metadata (child process)

# Runs in the child process: imports the module and describes each exported
# command as plain data, serialized as JSON so nothing depends on remoting
# serialization depth.
$script:ReadMetadataScript = {
    param([string] $ManifestPath)

    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'

    function Get-TypeDisplayName {
        param([type] $Type, [switch] $FullName)

        if ($Type.IsArray) {
            $rank = ',' * ($Type.GetArrayRank() - 1)
            return '{0}[{1}]' -f (Get-TypeDisplayName -Type $Type.GetElementType() -FullName:$FullName), $rank
        }
        if ($Type.IsGenericType) {
            $baseName = $Type.Name.Substring(0, $Type.Name.IndexOf('`'))
            if ($FullName -and $Type.Namespace) { $baseName = '{0}.{1}' -f $Type.Namespace, $baseName }
            $arguments = foreach ($argument in $Type.GetGenericArguments()) { Get-TypeDisplayName -Type $argument -FullName:$FullName }
            return '{0}[{1}]' -f $baseName, ($arguments -join ', ')
        }
        if ($FullName -and $Type.FullName) { return $Type.FullName }
        return $Type.Name
    }

    function Get-PossibleValue {
        param([System.Management.Automation.ParameterMetadata] $Parameter)

        $validateSet = @($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] })
        if ($validateSet.Count -gt 0) { return @($validateSet[0].ValidValues) }

        $type = $Parameter.ParameterType
        if ($type.IsArray) { $type = $type.GetElementType() }
        $underlying = [Nullable]::GetUnderlyingType($type)
        if ($underlying) { $type = $underlying }
        if ($type.IsEnum) { return @([enum]::GetNames($type)) }
        return @()
    }

    $module = Import-Module -Name $ManifestPath -PassThru -Force
    $commonParameters = [System.Management.Automation.Cmdlet]::CommonParameters
    $shouldProcessParameters = [System.Management.Automation.Cmdlet]::OptionalCommonParameters

    $commands = foreach ($command in ($module.ExportedCommands.Values | Where-Object { $_.CommandType -in 'Cmdlet', 'Function' } | Sort-Object -Property Name)) {
        $parameters = foreach ($parameter in $command.Parameters.Values) {
            [pscustomobject]@{
                Name            = $parameter.Name
                TypeName        = Get-TypeDisplayName -Type $parameter.ParameterType
                TypeFullName    = Get-TypeDisplayName -Type $parameter.ParameterType -FullName
                IsSwitch        = [bool] $parameter.SwitchParameter
                IsArray         = [bool] $parameter.ParameterType.IsArray
                Aliases         = @($parameter.Aliases)
                Globbing        = [bool] @($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count
                PossibleValues  = @(Get-PossibleValue -Parameter $parameter)
                IsCommon        = $commonParameters.Contains($parameter.Name)
                IsShouldProcess = $shouldProcessParameters.Contains($parameter.Name)
            }
        }
        $parameterSets = foreach ($set in $command.ParameterSets) {
            [pscustomobject]@{
                Name       = $set.Name
                IsDefault  = $set.IsDefault
                Parameters = @(foreach ($member in $set.Parameters) {
                        [pscustomobject]@{
                            Name           = $member.Name
                            Mandatory      = $member.IsMandatory
                            Position       = if ($member.Position -eq [int]::MinValue) { $null } else { $member.Position }
                            ByValue        = $member.ValueFromPipeline
                            ByPropertyName = $member.ValueFromPipelineByPropertyName
                        }
                    })
            }
        }
        [pscustomobject]@{
            Name          = $command.Name
            Verb          = $command.Verb
            Noun          = $command.Noun
            CommandType   = [string] $command.CommandType
            HelpFile      = [string] $command.HelpFile
            OutputTypes   = @($command.OutputType | ForEach-Object { if ($_.Type) { $_.Type.FullName } else { $_.Name } })
            Parameters    = @($parameters)
            ParameterSets = @($parameterSets)
        }
    }

    [pscustomobject]@{
        ModuleName = $module.Name
        ModuleBase = $module.ModuleBase
        RootModule = [string] $module.RootModule
        Commands   = @($commands)
    } | ConvertTo-Json -Depth 10 -Compress
}

function Invoke-ChildPowerShell {
    <# Runs a script block in a child pwsh process and returns its JSON output as objects. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [scriptblock] $ScriptBlock,
        [object[]] $ArgumentList = @()
    )

    $job = Start-Job -ScriptBlock $ScriptBlock -ArgumentList $ArgumentList
    try {
        $json = Receive-Job -Job $job -Wait -ErrorAction Stop
    }
    finally {
        Remove-Job -Job $job -Force
    }
    return ($json -join "`n") | ConvertFrom-Json
}

function Get-ModuleCommandMetadata {
    <# Reads the exported commands' metadata from a child process. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $ManifestPath)

    Write-Verbose "Reading command metadata from $ManifestPath in a child process"
    return Invoke-ChildPowerShell -ScriptBlock $script:ReadMetadataScript -ArgumentList $ManifestPath
}

#endregion

#region Markdown reading

function ConvertTo-MarkdownBlock {
    <# Splits markdown lines into heading, code (fenced or indented) and text blocks; headings inside code stay code. #>
    [CmdletBinding()]
    param([AllowEmptyCollection()] [AllowEmptyString()] [string[]] $Line)

    $blocks = [System.Collections.Generic.List[object]]::new()
    $text = [System.Collections.Generic.List[string]]::new()
    $fence = $null
    $code = $null
    $language = ''
    $indented = $null

    foreach ($current in $Line) {
        if ($null -ne $indented) {
            if ($current -match '^(\t| {4})(.*)$') { $indented.Add($Matches[2]); continue }
            if ($current.Trim().Length -eq 0) { $indented.Add(''); continue }
            Add-IndentedCodeBlock -Block $blocks -Code $indented
            $indented = $null
        }
        if ($null -ne $fence) {
            if ($current -match '^\s*(`{3,}|~{3,})\s*$' -and $Matches[1][0] -eq $fence[0] -and $Matches[1].Length -ge $fence.Length) {
                $blocks.Add([pscustomobject]@{ Kind = 'Code'; Level = 0; Text = ''; Language = $language; Lines = $code.ToArray() })
                $fence = $null
            }
            else {
                $code.Add($current)
            }
            continue
        }
        if ($current -match '^\s{0,3}(`{3,}|~{3,})\s*([^`\s]*)') {
            Add-TextBlock -Block $blocks -Text $text
            $fence = $Matches[1]
            $language = $Matches[2]
            $code = [System.Collections.Generic.List[string]]::new()
            continue
        }
        if ($current -match '^\s{0,3}(#{1,6})\s+(.*?)(\s+#+)?\s*$') {
            Add-TextBlock -Block $blocks -Text $text
            $blocks.Add([pscustomobject]@{ Kind = 'Heading'; Level = $Matches[1].Length; Text = $Matches[2]; Language = ''; Lines = @() })
            continue
        }
        if ($current.Trim().Length -eq 0) {
            Add-TextBlock -Block $blocks -Text $text
            continue
        }
        # As in CommonMark, an indented line starts code only where it cannot continue a paragraph.
        if ($text.Count -eq 0 -and $current -match '^(\t| {4})(.*)$') {
            $indented = [System.Collections.Generic.List[string]]::new()
            $indented.Add($Matches[2])
            continue
        }
        $text.Add($current)
    }
    if ($null -ne $indented) {
        Add-IndentedCodeBlock -Block $blocks -Code $indented
    }
    if ($null -ne $fence) {
        # An unclosed fence runs to the end of the page, as in CommonMark.
        $blocks.Add([pscustomobject]@{ Kind = 'Code'; Level = 0; Text = ''; Language = $language; Lines = $code.ToArray() })
    }
    Add-TextBlock -Block $blocks -Text $text
    return , $blocks.ToArray()
}

function Add-IndentedCodeBlock {
    <# Adds an indented code block, without the blank lines that only separate it from what follows. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [AllowEmptyCollection()] [System.Collections.Generic.List[object]] $Block,
        [Parameter(Mandatory)] [AllowEmptyCollection()] [AllowEmptyString()] [System.Collections.Generic.List[string]] $Code
    )

    while ($Code.Count -gt 0 -and $Code[$Code.Count - 1].Trim().Length -eq 0) { $Code.RemoveAt($Code.Count - 1) }
    $Block.Add([pscustomobject]@{ Kind = 'Code'; Level = 0; Text = ''; Language = ''; Lines = $Code.ToArray() })
}

function Add-TextBlock {
    <# Moves collected paragraph lines into a text block. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [AllowEmptyCollection()] [System.Collections.Generic.List[object]] $Block,
        [Parameter(Mandatory)] [AllowEmptyCollection()] [System.Collections.Generic.List[string]] $Text
    )

    if ($Text.Count -eq 0) { return }
    $Block.Add([pscustomobject]@{ Kind = 'Text'; Level = 0; Text = ''; Language = ''; Lines = $Text.ToArray() })
    $Text.Clear()
}

function Split-MarkdownSection {
    <# Groups blocks under each heading of the given level; blocks before the first such heading are dropped. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Block,
        [Parameter(Mandatory)] [int] $Level
    )

    $sections = [System.Collections.Generic.List[object]]::new()
    $current = $null
    foreach ($item in $Block) {
        if ($item.Kind -eq 'Heading' -and $item.Level -le $Level) {
            $current = if ($item.Level -eq $Level) { [pscustomobject]@{ Heading = $item.Text; Blocks = [System.Collections.Generic.List[object]]::new() } } else { $null }
            if ($current) { $sections.Add($current) }
            continue
        }
        if ($current) { $current.Blocks.Add($item) }
    }
    return , $sections.ToArray()
}

function Test-ListItem {
    <# True when a markdown line starts a bullet or numbered list item. #>
    [CmdletBinding()]
    [OutputType([bool])]
    param([Parameter(Mandatory)] [AllowEmptyString()] [string] $Line)

    return $Line -match '^\s*([-*+]|\d+[.)])\s+'
}

function ConvertTo-Paragraph {
    <# Turns blocks into paragraphs: soft-wrapped lines are joined, list items and code keep their lines, sub-headings stand alone. #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Block)

    $paragraphs = foreach ($item in $Block) {
        if ($item.Kind -eq 'Code') {
            # Get-Help trims a paragraph's leading white space, so indenting code would only shift its first line.
            $item.Lines -join "`n"
            continue
        }
        if ($item.Kind -eq 'Heading') {
            $item.Text
            continue
        }

        $lines = [System.Collections.Generic.List[string]]::new()
        foreach ($line in $item.Lines) {
            if ($lines.Count -eq 0 -or (Test-ListItem -Line $line)) {
                $lines.Add($line.Trim())
            }
            else {
                $lines[$lines.Count - 1] = '{0} {1}' -f $lines[$lines.Count - 1], $line.Trim()
            }
        }
        $lines -join "`n"
    }
    return , @($paragraphs | Where-Object { $_.Trim().Length -gt 0 })
}

function Get-FrontMatter {
    <# Reads the 'key: value' lines of the yaml front matter at the top of a page. #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [AllowEmptyString()] [string[]] $Line)

    $frontMatter = @{}
    if ($Line.Count -eq 0 -or $Line[0].Trim() -ne '---') { return $frontMatter }
    for ($index = 1; $index -lt $Line.Count; $index++) {
        if ($Line[$index].Trim() -eq '---') { break }
        if ($Line[$index] -match '^\s*([^:]+?)\s*:\s*(.*?)\s*$') { $frontMatter[$Matches[1]] = $Matches[2] }
    }
    return $frontMatter
}

function Remove-FrontMatter {
    <# Returns the page's lines without the yaml front matter. #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [AllowEmptyString()] [string[]] $Line)

    if ($Line.Count -eq 0 -or $Line[0].Trim() -ne '---') { return , $Line }
    for ($index = 1; $index -lt $Line.Count; $index++) {
        if ($Line[$index].Trim() -eq '---') { return , @($Line | Select-Object -Skip ($index + 1)) }
    }
    return , $Line
}

function Read-MarkdownFile {
    <# Reads a page as lines, whatever its line endings. #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param([Parameter(Mandatory)] [string] $Path)

    $content = [System.IO.File]::ReadAllText($Path)
    return , ($content -split '\r?\n')
}

function Find-Section {
    <# Returns the blocks of the named section (case-insensitive), or $null when the page has none. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Section,
        [Parameter(Mandatory)] [string] $Name
    )

    $match = @($Section | Where-Object { $_.Heading -eq $Name })
    if ($match.Count -eq 0) { return $null }
    return , $match[0].Blocks.ToArray()
}

function Read-ExampleSection {
    <# Reads '### title' examples: their code fences become the code, their text the remarks. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Block)

    foreach ($example in (Split-MarkdownSection -Block $Block -Level 3)) {
        $codeBlocks = @($example.Blocks | Where-Object Kind -EQ 'Code')
        $remarkBlocks = @($example.Blocks | Where-Object Kind -EQ 'Text')
        [pscustomobject]@{
            Title   = $example.Heading
            Code    = (@($codeBlocks | ForEach-Object { ($_.Lines -join "`n").TrimEnd() }) -join "`n`n")
            Remarks = ConvertTo-Paragraph -Block $remarkBlocks
        }
    }
}

function Read-ParameterSection {
    <# Reads '### -Name' parameter sections: prose is the description, a yaml block may give the default value. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Block)

    foreach ($section in (Split-MarkdownSection -Block $Block -Level 3)) {
        # platyPS pages end with a '### CommonParameters' boilerplate section.
        if ($section.Heading -notmatch '^-(\S+)') { continue }
        $name = $Matches[1]
        $defaultValue = $null
        foreach ($yaml in @($section.Blocks | Where-Object { $_.Kind -eq 'Code' -and $_.Language -in 'yaml', 'yml' })) {
            foreach ($line in $yaml.Lines) {
                if ($line -match '^\s*Default value\s*:\s*(.*?)\s*$' -and $Matches[1].Length -gt 0) { $defaultValue = $Matches[1] }
            }
        }
        $prose = @($section.Blocks | Where-Object { -not ($_.Kind -eq 'Code' -and $_.Language -in 'yaml', 'yml') })
        [pscustomobject]@{
            Name         = $name
            Description  = ConvertTo-Paragraph -Block $prose
            DefaultValue = $defaultValue
        }
    }
}

function Read-TypeSection {
    <# Reads '### TypeName' entries of INPUTS or OUTPUTS. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Block)

    foreach ($section in (Split-MarkdownSection -Block $Block -Level 3)) {
        [pscustomobject]@{
            TypeName    = $section.Heading
            Description = ConvertTo-Paragraph -Block $section.Blocks.ToArray()
        }
    }
}

function Read-RelatedLinkSection {
    <# Reads '[text](uri)' lines; relative links (other pages) keep only their text, as Get-Help cannot open them. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Block)

    foreach ($item in @($Block | Where-Object Kind -EQ 'Text')) {
        foreach ($line in $item.Lines) {
            $trimmed = ($line.Trim() -replace '^([-*+]\s+)', '')
            if ($trimmed.Length -eq 0) { continue }
            if ($trimmed -match '^\[(?<text>[^\]]+)\]\((?<uri>[^)\s]*)\)') {
                $text = $Matches['text']
                $uri = $Matches['uri']
                if ($uri -notmatch '^[a-zA-Z][a-zA-Z0-9+.-]*://') { $uri = '' }
                [pscustomobject]@{ Text = $text; Uri = $uri }
            }
            else {
                [pscustomobject]@{ Text = $trimmed; Uri = '' }
            }
        }
    }
}

function Read-CommandHelpPage {
    <# Reads one command page into synopsis, description, examples, parameters, inputs, outputs, notes and links. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path)

    $lines = Read-MarkdownFile -Path $Path
    $frontMatter = Get-FrontMatter -Line $lines
    $blocks = ConvertTo-MarkdownBlock -Line (Remove-FrontMatter -Line $lines)
    $title = @($blocks | Where-Object { $_.Kind -eq 'Heading' -and $_.Level -eq 1 } | Select-Object -First 1 -ExpandProperty Text)
    $sections = Split-MarkdownSection -Block $blocks -Level 2

    $read = @{}
    foreach ($name in 'SYNOPSIS', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS') {
        $read[$name] = Find-Section -Section $sections -Name $name
    }
    $empty = @()

    $links = @(Read-RelatedLinkSection -Block ($read['RELATED LINKS'] ?? $empty))
    $onlineVersion = [string] $frontMatter['online version']
    if ($onlineVersion.Length -gt 0) {
        # Get-Help -Online opens the first related link with a URI.
        $links = @([pscustomobject]@{ Text = 'Online Version:'; Uri = $onlineVersion }) + $links
    }

    [pscustomobject]@{
        Path           = $Path
        FileName       = Split-Path -Path $Path -Leaf
        CommandName    = [System.IO.Path]::GetFileNameWithoutExtension($Path)
        Title          = if ($title.Count -gt 0) { $title[0] } else { '' }
        HasSynopsis    = $null -ne $read['SYNOPSIS']
        Synopsis       = ConvertTo-Paragraph -Block ($read['SYNOPSIS'] ?? $empty)
        HasDescription = $null -ne $read['DESCRIPTION']
        Description    = ConvertTo-Paragraph -Block ($read['DESCRIPTION'] ?? $empty)
        Examples       = @(Read-ExampleSection -Block ($read['EXAMPLES'] ?? $empty))
        Parameters     = @(Read-ParameterSection -Block ($read['PARAMETERS'] ?? $empty))
        Inputs         = @(Read-TypeSection -Block ($read['INPUTS'] ?? $empty))
        Outputs        = @(Read-TypeSection -Block ($read['OUTPUTS'] ?? $empty))
        Notes          = ConvertTo-Paragraph -Block ($read['NOTES'] ?? $empty)
        Links          = $links
    }
}

function Read-AboutHelpPage {
    <# Reads an about_ page into its title and H2 sections. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path)

    $blocks = ConvertTo-MarkdownBlock -Line (Remove-FrontMatter -Line (Read-MarkdownFile -Path $Path))
    $title = @($blocks | Where-Object { $_.Kind -eq 'Heading' -and $_.Level -eq 1 } | Select-Object -First 1 -ExpandProperty Text)
    [pscustomobject]@{
        Path      = $Path
        FileName  = Split-Path -Path $Path -Leaf
        TopicName = [System.IO.Path]::GetFileNameWithoutExtension($Path)
        Title     = if ($title.Count -gt 0) { $title[0] } else { '' }
        Sections  = Split-MarkdownSection -Block $blocks -Level 2
    }
}

#endregion

#region Validation

function Get-DocumentedParameterName {
    <# Names of a command's parameters that need a description on its page (all but the common ones). #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param([Parameter(Mandatory)] [object] $Command)

    return , @($Command.Parameters | Where-Object { -not $_.IsCommon -and -not $_.IsShouldProcess } | ForEach-Object Name)
}

function Test-CommandHelpPage {
    <# Lists what is missing or wrong on one command page, one line per problem. #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param(
        [Parameter(Mandatory)] [object] $Page,
        [Parameter(Mandatory)] [object] $Command
    )

    $file = $Page.FileName
    if ($Page.Title -ne $Command.Name) { "${file}: the '# ' title is '$($Page.Title)', expected '$($Command.Name)'" }
    if (-not $Page.HasSynopsis) { "${file}: missing '## SYNOPSIS' section" }
    elseif ($Page.Synopsis.Count -eq 0) { "${file}: '## SYNOPSIS' section is empty" }
    if (-not $Page.HasDescription) { "${file}: missing '## DESCRIPTION' section" }
    elseif ($Page.Description.Count -eq 0) { "${file}: '## DESCRIPTION' section is empty" }
    if ($Page.Examples.Count -eq 0) { "${file}: no example (add '### Example 1: ...' with a code block under '## EXAMPLES')" }
    foreach ($example in $Page.Examples) {
        if ($example.Code.Trim().Length -eq 0) { "${file}: example '$($example.Title)' has no code block" }
    }

    $known = @($Command.Parameters | ForEach-Object Name)
    $common = @($Command.Parameters | Where-Object IsCommon | ForEach-Object Name)
    foreach ($name in (Get-DocumentedParameterName -Command $Command)) {
        $documented = @($Page.Parameters | Where-Object Name -EQ $name)
        if ($documented.Count -eq 0) { "${file}: parameter -$name has no description (add '### -$name' under '## PARAMETERS')" }
        elseif ($documented[0].Description.Count -eq 0) { "${file}: parameter -$name has an empty description" }
    }
    foreach ($documented in $Page.Parameters) {
        if ($documented.Name -in $common) { "${file}: -$($documented.Name) is a common parameter; remove its section" }
        elseif ($documented.Name -notin $known) { "${file}: documents parameter -$($documented.Name), which $($Command.Name) does not have" }
    }
    $duplicates = @($Page.Parameters | Group-Object -Property Name | Where-Object Count -GT 1)
    foreach ($duplicate in $duplicates) { "${file}: parameter -$($duplicate.Name) is documented $($duplicate.Count) times" }
}

function Test-AboutHelpPage {
    <# Lists what is missing on one about_ page. #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param([Parameter(Mandatory)] [object] $Page)

    $file = $Page.FileName
    if ($Page.Title -ne $Page.TopicName) { "${file}: the '# ' title is '$($Page.Title)', expected '$($Page.TopicName)'" }
    foreach ($name in 'SHORT DESCRIPTION', 'LONG DESCRIPTION') {
        $blocks = Find-Section -Section $Page.Sections -Name $name
        if ($null -eq $blocks) { "${file}: missing '## $name' section" }
        elseif ((ConvertTo-Paragraph -Block $blocks).Count -eq 0) { "${file}: '## $name' section is empty" }
    }
}

function Test-ModuleHelp {
    <# Checks every page against the live commands and returns all problems. #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param(
        [Parameter(Mandatory)] [object] $Metadata,
        [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $CommandPage,
        [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $AboutPage,
        [Parameter(Mandatory)] [string] $HelpFileName
    )

    foreach ($command in $Metadata.Commands) {
        $page = @($CommandPage | Where-Object CommandName -EQ $command.Name)
        if ($page.Count -eq 0) { "$($command.Name).md: missing; $($Metadata.ModuleName) exports $($command.CommandType.ToLowerInvariant()) $($command.Name) but it has no help page" }
        else { Test-CommandHelpPage -Page $page[0] -Command $command }

        if ($command.HelpFile -and $command.HelpFile -ne $HelpFileName) {
            "$($command.Name).md: Get-Help looks for $($command.Name) in '$($command.HelpFile)', but the help is written to '$HelpFileName'"
        }
    }
    $exported = @($Metadata.Commands | ForEach-Object Name)
    foreach ($page in $CommandPage) {
        if ($page.CommandName -notin $exported) { "$($page.FileName): documents '$($page.CommandName)', which $($Metadata.ModuleName) does not export" }
    }

    $moduleTopic = 'about_{0}' -f $Metadata.ModuleName
    if (-not @($AboutPage | Where-Object TopicName -EQ $moduleTopic)) { "${moduleTopic}.md: missing; every module needs an about_<ModuleName> topic" }
    foreach ($page in $AboutPage) { Test-AboutHelpPage -Page $page }
}

function New-HelpErrorRecord {
    <# One error whose message lists every problem on its own line, so the build shows them all at once. #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory)] [string] $Heading,
        [Parameter(Mandatory)] [string[]] $Problem,
        [Parameter(Mandatory)] [string] $ErrorId
    )

    $message = (@($Heading) + $Problem) -join [Environment]::NewLine
    return [System.Management.Automation.ErrorRecord]::new(
        [System.IO.InvalidDataException]::new($message), $ErrorId, [System.Management.Automation.ErrorCategory]::InvalidData, $null)
}

#endregion

#region MAML model

function Format-PipelineInput {
    <# Formats the pipelineInput attribute the way Get-Help shows it. #>
    [CmdletBinding()]
    [OutputType([string])]
    param([bool] $ByValue, [bool] $ByPropertyName)

    $kinds = @(if ($ByValue) { 'ByValue' }; if ($ByPropertyName) { 'ByPropertyName' })
    if ($kinds.Count -eq 0) { return 'False' }
    return 'True ({0})' -f ($kinds -join ', ')
}

function Format-Position {
    <# Formats a parameter position: its zero-based index, or 'named'. #>
    [CmdletBinding()]
    [OutputType([string])]
    param([AllowNull()] [object] $Position)

    if ($null -eq $Position) { return 'named' }
    return [string] $Position
}

function Join-PerSetValue {
    <# One value when all parameter sets agree, otherwise 'value (SetName), ...' so no set is misrepresented. #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] [object[]] $Entry)

    $distinct = @($Entry | ForEach-Object Value | Select-Object -Unique)
    if ($distinct.Count -eq 1) { return $distinct[0] }
    return (@($Entry | ForEach-Object { '{0} ({1})' -f $_.Value, $_.Set }) -join ', ')
}

function Get-ParameterDescription {
    <# The page's description of a parameter, or the standard text for -WhatIf and -Confirm. #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param(
        [Parameter(Mandatory)] [object] $Page,
        [Parameter(Mandatory)] [string] $Name
    )

    $documented = @($Page.Parameters | Where-Object Name -EQ $Name)
    if ($documented.Count -gt 0 -and $documented[0].Description.Count -gt 0) { return , $documented[0].Description }
    if ($script:ShouldProcessDescription.ContainsKey($Name)) { return , @($script:ShouldProcessDescription[$Name]) }
    return , @()
}

function New-MamlParameter {
    <# Combines a parameter's live metadata (for one set, or merged over all its sets) with its page text. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [object] $Parameter,
        [Parameter(Mandatory)] [object[]] $SetMember,
        [Parameter(Mandatory)] [object] $Page,
        [switch] $ListPossibleValues
    )

    $documented = @($Page.Parameters | Where-Object Name -EQ $Parameter.Name)
    $defaultValue = if ($documented.Count -gt 0 -and $documented[0].DefaultValue) { $documented[0].DefaultValue } elseif ($Parameter.IsSwitch) { 'False' } else { 'None' }
    $byValue = [bool] @($SetMember | Where-Object { $_.Member.ByValue }).Count
    $byPropertyName = [bool] @($SetMember | Where-Object { $_.Member.ByPropertyName }).Count
    $description = Get-ParameterDescription -Page $Page -Name $Parameter.Name
    if ($ListPossibleValues -and $Parameter.PossibleValues.Count -gt 0) {
        # Get-Help shows a parameterValueGroup only in SYNTAX, so the parameter's own entry states the values in words.
        $description = @($description) + ('Accepted values: {0}' -f ($Parameter.PossibleValues -join ', '))
    }

    [pscustomobject]@{
        Name           = $Parameter.Name
        Required       = Join-PerSetValue -Entry @($SetMember | ForEach-Object { @{ Set = $_.Set; Value = ([string] $_.Member.Mandatory).ToLowerInvariant() } })
        Position       = Join-PerSetValue -Entry @($SetMember | ForEach-Object { @{ Set = $_.Set; Value = Format-Position -Position $_.Member.Position } })
        PipelineInput  = Format-PipelineInput -ByValue $byValue -ByPropertyName $byPropertyName
        Globbing       = ([string] $Parameter.Globbing).ToLowerInvariant()
        VariableLength = ([string] $Parameter.IsArray).ToLowerInvariant()
        Aliases        = if ($Parameter.Aliases.Count -gt 0) { $Parameter.Aliases -join ', ' } else { 'none' }
        TypeName       = if ($Parameter.IsSwitch) { 'SwitchParameter' } else { $Parameter.TypeName }
        TypeFullName   = $Parameter.TypeFullName
        IsSwitch       = $Parameter.IsSwitch
        PossibleValues = $Parameter.PossibleValues
        Description    = $description
        DefaultValue   = $defaultValue
    }
}

function Get-SyntaxOrder {
    <# Orders a parameter set's members like PowerShell's own syntax: positional by position, then mandatory, then optional. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Member)

    $positional = @($Member | Where-Object { $null -ne $_.Position } | Sort-Object -Property Position)
    $mandatory = @($Member | Where-Object { $null -eq $_.Position -and $_.Mandatory })
    $optional = @($Member | Where-Object { $null -eq $_.Position -and -not $_.Mandatory })
    return , @($positional + $mandatory + $optional)
}

function Get-ParameterOrder {
    <# Parameter names in page order, then any the page leaves out (-WhatIf, -Confirm) in command order. #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param(
        [Parameter(Mandatory)] [object] $Command,
        [Parameter(Mandatory)] [object] $Page
    )

    $own = @($Command.Parameters | Where-Object { -not $_.IsCommon } | ForEach-Object Name)
    $ordered = [System.Collections.Generic.List[string]]::new()
    foreach ($name in @($Page.Parameters | ForEach-Object Name)) { if ($name -in $own -and -not $ordered.Contains($name)) { $ordered.Add($name) } }
    foreach ($name in $own) { if (-not $ordered.Contains($name)) { $ordered.Add($name) } }
    return , $ordered.ToArray()
}

function Get-TypeEntry {
    <# Page entries for INPUTS or OUTPUTS, plus live types the page does not mention (matched by full or short name). #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Documented,
        [Parameter(Mandatory)] [AllowEmptyCollection()] [string[]] $LiveType
    )

    $entries = [System.Collections.Generic.List[object]]::new()
    foreach ($entry in $Documented) { $entries.Add($entry) }
    $names = @($Documented | ForEach-Object TypeName)
    $added = $false
    foreach ($type in ($LiveType | Select-Object -Unique)) {
        $short = ($type -split '\.')[-1]
        if ($type -in $names -or $short -in $names) { continue }
        $entries.Add([pscustomobject]@{ TypeName = $type; Description = @() })
        $added = $true
    }
    if ($added) { $entries = @($entries | Where-Object TypeName -NE 'None') }
    if ($entries.Count -eq 0) { return , @([pscustomobject]@{ TypeName = 'None'; Description = @() }) }
    return , @($entries)
}

function New-MamlCommand {
    <# Builds the data for one command:command element from the live command and its page. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [object] $Command,
        [Parameter(Mandatory)] [object] $Page
    )

    $byName = @{}
    foreach ($parameter in $Command.Parameters) { $byName[$parameter.Name] = $parameter }

    $syntax = foreach ($set in ($Command.ParameterSets | Sort-Object -Stable -Property @{ Expression = 'IsDefault'; Descending = $true })) {
        $members = Get-SyntaxOrder -Member @($set.Parameters | Where-Object { -not $byName[$_.Name].IsCommon })
        [pscustomobject]@{
            SetName    = $set.Name
            Parameters = @(foreach ($member in $members) { New-MamlParameter -Parameter $byName[$member.Name] -SetMember @(@{ Set = $set.Name; Member = $member }) -Page $Page })
        }
    }

    $parameters = foreach ($name in (Get-ParameterOrder -Command $Command -Page $Page)) {
        $setMembers = @(foreach ($set in $Command.ParameterSets) {
                foreach ($member in @($set.Parameters | Where-Object Name -EQ $name)) { @{ Set = $set.Name; Member = $member } }
            })
        New-MamlParameter -Parameter $byName[$name] -SetMember $setMembers -Page $Page -ListPossibleValues
    }

    $pipelineTypes = @(foreach ($parameter in $Command.Parameters) {
            $byValue = @($Command.ParameterSets | ForEach-Object { $_.Parameters } | Where-Object { $_.Name -eq $parameter.Name -and $_.ByValue })
            if ($byValue.Count -gt 0) { $parameter.TypeFullName }
        })

    [pscustomobject]@{
        Name        = $Command.Name
        Verb        = $Command.Verb
        Noun        = $Command.Noun
        Synopsis    = $Page.Synopsis
        Description = $Page.Description
        Syntax      = @($syntax)
        Parameters  = @($parameters)
        Inputs      = Get-TypeEntry -Documented $Page.Inputs -LiveType $pipelineTypes
        Outputs     = Get-TypeEntry -Documented $Page.Outputs -LiveType @($Command.OutputTypes)
        Notes       = $Page.Notes
        Examples    = $Page.Examples
        Links       = $Page.Links
    }
}

#endregion

#region MAML writing

function Write-MamlParagraph {
    <# Writes paragraphs as maml:para elements (at least one, as Get-Help expects). #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [System.Xml.XmlWriter] $Writer,
        [Parameter(Mandatory)] [AllowEmptyCollection()] [string[]] $Paragraph
    )

    $items = if ($Paragraph.Count -gt 0) { $Paragraph } else { @('') }
    foreach ($item in $items) { $Writer.WriteElementString('maml', 'para', $script:MamlNamespace.Maml, $item) }
}

function Write-MamlDescription {
    <# Writes <maml:description> with its paragraphs. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [System.Xml.XmlWriter] $Writer,
        [Parameter(Mandatory)] [AllowEmptyCollection()] [string[]] $Paragraph
    )

    $Writer.WriteStartElement('maml', 'description', $script:MamlNamespace.Maml)
    Write-MamlParagraph -Writer $Writer -Paragraph $Paragraph
    $Writer.WriteEndElement()
}

function Write-MamlParameter {
    <# Writes one command:parameter; in syntax it lists possible values and omits the switch type, as platyPS does. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [System.Xml.XmlWriter] $Writer,
        [Parameter(Mandatory)] [object] $Parameter,
        [switch] $InSyntax
    )

    $ns = $script:MamlNamespace
    $Writer.WriteStartElement('command', 'parameter', $ns.Command)
    $Writer.WriteAttributeString('required', $Parameter.Required)
    $Writer.WriteAttributeString('variableLength', $Parameter.VariableLength)
    $Writer.WriteAttributeString('globbing', $Parameter.Globbing)
    $Writer.WriteAttributeString('pipelineInput', $Parameter.PipelineInput)
    $Writer.WriteAttributeString('position', $Parameter.Position)
    $Writer.WriteAttributeString('aliases', $Parameter.Aliases)

    $Writer.WriteElementString('maml', 'name', $ns.Maml, $Parameter.Name)
    Write-MamlDescription -Writer $Writer -Paragraph $Parameter.Description

    if ($Parameter.PossibleValues.Count -gt 0) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $ns.Command)
        foreach ($value in $Parameter.PossibleValues) {
            $Writer.WriteStartElement('command', 'parameterValue', $ns.Command)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('variableLength', 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }

    if (-not ($InSyntax -and $Parameter.IsSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $ns.Command)
        $Writer.WriteAttributeString('required', ([string] (-not $Parameter.IsSwitch)).ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', $Parameter.VariableLength)
        $Writer.WriteString($Parameter.TypeName)
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('dev', 'type', $ns.Dev)
    $Writer.WriteElementString('maml', 'name', $ns.Maml, $Parameter.TypeFullName)
    $Writer.WriteElementString('maml', 'uri', $ns.Maml, '')
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $ns.Dev, $Parameter.DefaultValue)
    $Writer.WriteEndElement()
}

function Write-MamlTypeList {
    <# Writes command:inputTypes or command:returnValues. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [System.Xml.XmlWriter] $Writer,
        [Parameter(Mandatory)] [string] $ListElement,
        [Parameter(Mandatory)] [string] $ItemElement,
        [Parameter(Mandatory)] [object[]] $Entry
    )

    $ns = $script:MamlNamespace
    $Writer.WriteStartElement('command', $ListElement, $ns.Command)
    foreach ($item in $Entry) {
        $Writer.WriteStartElement('command', $ItemElement, $ns.Command)
        $Writer.WriteStartElement('dev', 'type', $ns.Dev)
        $Writer.WriteElementString('maml', 'name', $ns.Maml, $item.TypeName)
        $Writer.WriteEndElement()
        Write-MamlDescription -Writer $Writer -Paragraph $item.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-MamlExample {
    <# Writes command:examples with title, code and remarks. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [System.Xml.XmlWriter] $Writer,
        [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Example
    )

    $ns = $script:MamlNamespace
    $Writer.WriteStartElement('command', 'examples', $ns.Command)
    foreach ($item in $Example) {
        $Writer.WriteStartElement('command', 'example', $ns.Command)
        $Writer.WriteElementString('maml', 'title', $ns.Maml, ('{0} {1} {0}' -f ('-' * 10), $item.Title))
        $Writer.WriteElementString('dev', 'code', $ns.Dev, $item.Code)
        $Writer.WriteStartElement('dev', 'remarks', $ns.Dev)
        Write-MamlParagraph -Writer $Writer -Paragraph $item.Remarks
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-MamlRelatedLink {
    <# Writes maml:relatedLinks with one maml:navigationLink per link. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [System.Xml.XmlWriter] $Writer,
        [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Link
    )

    $ns = $script:MamlNamespace
    $Writer.WriteStartElement('maml', 'relatedLinks', $ns.Maml)
    foreach ($item in $Link) {
        $Writer.WriteStartElement('maml', 'navigationLink', $ns.Maml)
        $Writer.WriteElementString('maml', 'linkText', $ns.Maml, $item.Text)
        $Writer.WriteElementString('maml', 'uri', $ns.Maml, $item.Uri)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-MamlCommand {
    <# Writes one command:command element. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [System.Xml.XmlWriter] $Writer,
        [Parameter(Mandatory)] [object] $Command
    )

    $ns = $script:MamlNamespace
    $Writer.WriteStartElement('command', 'command', $ns.Command)
    $Writer.WriteAttributeString('xmlns', 'maml', $ns.Xmlns, $ns.Maml)
    $Writer.WriteAttributeString('xmlns', 'dev', $ns.Xmlns, $ns.Dev)
    $Writer.WriteAttributeString('xmlns', 'MSHelp', $ns.Xmlns, $ns.MSHelp)

    $Writer.WriteStartElement('command', 'details', $ns.Command)
    $Writer.WriteElementString('command', 'name', $ns.Command, $Command.Name)
    $Writer.WriteElementString('command', 'verb', $ns.Command, $Command.Verb)
    $Writer.WriteElementString('command', 'noun', $ns.Command, $Command.Noun)
    Write-MamlDescription -Writer $Writer -Paragraph $Command.Synopsis
    $Writer.WriteEndElement()

    Write-MamlDescription -Writer $Writer -Paragraph $Command.Description

    $Writer.WriteStartElement('command', 'syntax', $ns.Command)
    foreach ($item in $Command.Syntax) {
        $Writer.WriteStartElement('command', 'syntaxItem', $ns.Command)
        $Writer.WriteElementString('maml', 'name', $ns.Maml, $Command.Name)
        foreach ($parameter in $item.Parameters) { Write-MamlParameter -Writer $Writer -Parameter $parameter -InSyntax }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $ns.Command)
    foreach ($parameter in $Command.Parameters) { Write-MamlParameter -Writer $Writer -Parameter $parameter }
    $Writer.WriteEndElement()

    Write-MamlTypeList -Writer $Writer -ListElement 'inputTypes' -ItemElement 'inputType' -Entry $Command.Inputs
    Write-MamlTypeList -Writer $Writer -ListElement 'returnValues' -ItemElement 'returnValue' -Entry $Command.Outputs

    if ($Command.Notes.Count -gt 0) {
        # Without an alertSet Get-Help leaves out the NOTES heading instead of showing it empty.
        $Writer.WriteStartElement('maml', 'alertSet', $ns.Maml)
        $Writer.WriteStartElement('maml', 'alert', $ns.Maml)
        Write-MamlParagraph -Writer $Writer -Paragraph $Command.Notes
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }

    Write-MamlExample -Writer $Writer -Example $Command.Examples
    Write-MamlRelatedLink -Writer $Writer -Link $Command.Links
    $Writer.WriteEndElement()
}

function Export-MamlHelp {
    <# Writes all commands into one MAML file (UTF-8, LF line endings). #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Command
    )

    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.IndentChars = '  '
    $settings.NewLineChars = "`n"
    $settings.NewLineHandling = [System.Xml.NewLineHandling]::Replace
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)

    $writer = [System.Xml.XmlWriter]::Create($Path, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', $script:MamlNamespace.Msh)
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($item in $Command) { Write-MamlCommand -Writer $writer -Command $item }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally {
        $writer.Dispose()
    }
}

#endregion

#region about_ topics

function Format-WrappedText {
    <# Wraps text at the about-topic width; the first line gets -Indent, the rest -HangingIndent. #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param(
        [Parameter(Mandatory)] [AllowEmptyString()] [string] $Text,
        [Parameter(Mandatory)] [int] $Indent,
        [int] $HangingIndent = $Indent
    )

    $lines = [System.Collections.Generic.List[string]]::new()
    $line = ' ' * $Indent
    $lineHasWord = $false
    foreach ($word in ($Text -split '\s+' | Where-Object { $_.Length -gt 0 })) {
        if ($lineHasWord -and ($line.Length + 1 + $word.Length) -gt $script:AboutWidth) {
            $lines.Add($line)
            $line = ' ' * $HangingIndent
            $lineHasWord = $false
        }
        $line = if ($lineHasWord) { '{0} {1}' -f $line, $word } else { $line + $word }
        $lineHasWord = $true
    }
    if ($lineHasWord) { $lines.Add($line) }
    return , $lines.ToArray()
}

function ConvertTo-AboutBodyLine {
    <# Formats a section's blocks as about-topic body lines: prose wrapped and indented, lists hung, code kept verbatim. #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Block)

    $output = [System.Collections.Generic.List[string]]::new()
    foreach ($item in $Block) {
        if ($output.Count -gt 0) { $output.Add('') }
        switch ($item.Kind) {
            'Heading' { $output.Add('    ' + $item.Text) }
            'Code' { foreach ($line in $item.Lines) { $output.Add(('        ' + $line).TrimEnd()) } }
            'Text' {
                foreach ($paragraph in (ConvertTo-Paragraph -Block @($item))) {
                    foreach ($entry in ($paragraph -split "`n")) {
                        if ($entry -match '^(?<marker>([-*+]|\d+[.)]))\s+(?<text>.*)$') {
                            $marker = $Matches['marker']
                            $itemText = $Matches['text']
                            if ($marker -in '*', '+') { $marker = '-' }
                            $wrapped = Format-WrappedText -Text ('{0} {1}' -f $marker, $itemText) -Indent 4 -HangingIndent (5 + $marker.Length)
                        }
                        else {
                            $wrapped = Format-WrappedText -Text $entry -Indent 4
                        }
                        foreach ($line in $wrapped) { $output.Add($line) }
                    }
                }
            }
        }
    }
    return , $output.ToArray()
}

function ConvertTo-AboutHelpText {
    <# Renders an about_ page in the classic layout: TOPIC, then each H2 as an upper-case heading over an indented body. #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] [object] $Page)

    # Get-Help takes an about topic's synopsis from its fifth line, so the
    # layout starts exactly TOPIC / name / blank / SHORT DESCRIPTION / text.
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add('TOPIC')
    $lines.Add('    ' + $Page.TopicName)
    foreach ($section in $Page.Sections) {
        $lines.Add('')
        $lines.Add($section.Heading.ToUpperInvariant())
        foreach ($line in (ConvertTo-AboutBodyLine -Block $section.Blocks.ToArray())) { $lines.Add($line) }
    }
    return ($lines -join "`n") + "`n"
}

function Write-AboutSynopsisWarning {
    <# Warns when an about topic's short description wraps: Get-Help about_* lists only its first line. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [object] $Page,
        [Parameter(Mandatory)] [string] $Text
    )

    $lines = $Text -split "`n"
    if ($lines.Count -gt 5 -and $lines[5].StartsWith('    ') -and $lines[5].Trim().Length -gt 0) {
        Write-Warning "$($Page.FileName): the SHORT DESCRIPTION wraps; Get-Help about_* lists only its first line: '$($lines[4].Trim())'"
    }
}

function Export-AboutHelp {
    <# Writes one about_<Topic>.help.txt file (UTF-8). #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [object] $Page
    )

    $text = ConvertTo-AboutHelpText -Page $Page
    Write-AboutSynopsisWarning -Page $Page -Text $text
    [System.IO.File]::WriteAllText($Path, $text, [System.Text.UTF8Encoding]::new($false))
}

#endregion

#region Get-Help check (child process)

# Runs in a fresh child process: imports the module and reports what Get-Help
# shows for each command and about topic.
$script:ReadGetHelpScript = {
    param([string] $ManifestPath, [string[]] $CommandName, [string[]] $TopicName)

    Set-StrictMode -Version Latest
    $ErrorActionPreference = 'Stop'
    Import-Module -Name $ManifestPath -Force

    $commands = foreach ($name in $CommandName) {
        # Without a help file Get-Help makes up help whose synopsis is the syntax, so the synopsis tells them apart.
        [pscustomobject]@{ Name = $name; Synopsis = [string] (Get-Help -Name $name).Synopsis }
    }
    $topics = foreach ($name in $TopicName) {
        $text = try { Get-Help -Name $name | Out-String -Width 200 } catch { '' }
        [pscustomobject]@{ Name = $name; Text = $text }
    }
    [pscustomobject]@{ Commands = @($commands); Topics = @($topics) } | ConvertTo-Json -Depth 5 -Compress
}

function Get-NormalizedText {
    <# Collapses whitespace so wrapped and unwrapped text compare equal. #>
    [CmdletBinding()]
    [OutputType([string])]
    param([AllowEmptyString()] [AllowNull()] [string] $Text)

    return (([string] $Text) -replace '\s+', ' ').Trim()
}

function Test-GetHelpFindsHelp {
    <# Lists the commands and topics for which Get-Help, in a fresh process, does not show the generated help. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $ManifestPath,
        [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Command,
        [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $AboutPage,
        [Parameter(Mandatory)] [string] $HelpFilePath
    )

    Write-Verbose 'Checking in a child process that Get-Help finds the generated help'
    $topicNames = @($AboutPage | ForEach-Object TopicName)
    $result = Invoke-ChildPowerShell -ScriptBlock $script:ReadGetHelpScript -ArgumentList $ManifestPath, @($Command | ForEach-Object Name), $topicNames

    foreach ($item in $Command) {
        $shown = @($result.Commands | Where-Object Name -EQ $item.Name)
        $expected = Get-NormalizedText -Text ($item.Synopsis -join ' ')
        if ($shown.Count -eq 0 -or (Get-NormalizedText -Text $shown[0].Synopsis) -ne $expected) {
            "$($item.Name): Get-Help does not show the generated help from '$HelpFilePath'"
        }
    }
    foreach ($page in $AboutPage) {
        $shown = @($result.Topics | Where-Object Name -EQ $page.TopicName)
        if ($shown.Count -eq 0 -or (Get-NormalizedText -Text $shown[0].Text) -notlike "*TOPIC $($page.TopicName)*") {
            "$($page.TopicName): Get-Help does not show the generated topic"
        }
    }
}

#endregion

#region Main

function Resolve-HelpFileName {
    <# The MAML file name: the caller's, else the one the commands ask for, else <RootModule>-Help.xml. #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [AllowEmptyString()] [string] $Requested,
        [Parameter(Mandatory)] [object] $Metadata
    )

    if ($Requested) { return $Requested }
    $asked = @($Metadata.Commands | ForEach-Object HelpFile | Where-Object { $_ } | Select-Object -Unique)
    if ($asked.Count -eq 1) { return $asked[0] }
    if ($asked.Count -gt 1) { throw "The commands ask for different help files ($($asked -join ', ')); pass -HelpFileName." }
    $root = if ($Metadata.RootModule) { Split-Path -Path $Metadata.RootModule -Leaf } else { "$($Metadata.ModuleName).psm1" }
    return "$root-Help.xml"
}

function Get-HelpPage {
    <# Reads the docs folder: command pages are every *.md except about_*.md. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path)

    $files = @(Get-ChildItem -LiteralPath $Path -Filter '*.md' -File | Sort-Object -Property Name)
    [pscustomobject]@{
        Commands = @($files | Where-Object { $_.Name -notlike 'about_*' } | ForEach-Object { Read-CommandHelpPage -Path $_.FullName })
        Abouts   = @($files | Where-Object { $_.Name -like 'about_*' } | ForEach-Object { Read-AboutHelpPage -Path $_.FullName })
    }
}

$manifestPath = (Resolve-Path -LiteralPath $ModuleManifest).ProviderPath
$docsFolder = (Resolve-Path -LiteralPath $DocsPath).ProviderPath
if (-not $OutputPath) { $OutputPath = Join-Path -Path (Split-Path -Path $manifestPath -Parent) -ChildPath 'en-US' }

$metadata = Get-ModuleCommandMetadata -ManifestPath $manifestPath
$pages = Get-HelpPage -Path $docsFolder
$resolvedHelpFileName = Resolve-HelpFileName -Requested $HelpFileName -Metadata $metadata
$problems = @(Test-ModuleHelp -Metadata $metadata -CommandPage $pages.Commands -AboutPage $pages.Abouts -HelpFileName $resolvedHelpFileName)
if ($problems.Count -gt 0) {
    # Thrown from the script itself so that PowerShell's error view keeps one problem per line.
    $PSCmdlet.ThrowTerminatingError((New-HelpErrorRecord -Heading "Help in '$docsFolder' is incomplete ($($problems.Count) problem(s)):" -Problem $problems -ErrorId 'HelpIncomplete'))
}

$mamlCommands = @(foreach ($command in $metadata.Commands) {
        New-MamlCommand -Command $command -Page @($pages.Commands | Where-Object CommandName -EQ $command.Name)[0]
    })

$outputFolder = New-Item -ItemType Directory -Path $OutputPath -Force
$helpFilePath = Join-Path -Path $outputFolder.FullName -ChildPath $resolvedHelpFileName
Export-MamlHelp -Path $helpFilePath -Command $mamlCommands
$written = @($helpFilePath)
foreach ($page in $pages.Abouts) {
    $aboutPath = Join-Path -Path $outputFolder.FullName -ChildPath "$($page.TopicName).help.txt"
    Export-AboutHelp -Path $aboutPath -Page $page
    $written += $aboutPath
}

if (-not $SkipGetHelpCheck) {
    $notFound = @(Test-GetHelpFindsHelp -ManifestPath $manifestPath -Command $mamlCommands -AboutPage $pages.Abouts -HelpFilePath $helpFilePath)
    if ($notFound.Count -gt 0) {
        $hint = 'Get-Help reads help from <ModuleBase>/<culture>/ (e.g. <ModuleBase>/en-US/), not from the folder of the assembly; check -OutputPath and -HelpFileName.'
        $PSCmdlet.ThrowTerminatingError((New-HelpErrorRecord -Heading 'Get-Help does not find the generated help:' -Problem ($notFound + $hint) -ErrorId 'HelpNotFound'))
    }
}

$written | ForEach-Object { Get-Item -LiteralPath $_ }

#endregion
