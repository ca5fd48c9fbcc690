#Requires -Version 7.4
<#
.SYNOPSIS
    Benchmarks Send-HlsToS3 against a sequential upload and against `aws s3 cp --recursive`, side by side
    in one run, on many small segments and on one large file.

.DESCRIPTION
    Starts the local platform (the local backend presigning for the local S3 server) and builds two
    packages from a real encoded clip: one with 300 extra segments of 200 KiB, one with a single
    200 MiB file. For each, three uploaders take turns, -Rounds times (A B C A B C ...):

      HlsEncoder   Send-HlsToS3 -ThrottleLimit 8: presign + PUT with 8 files in flight, ETags verified.
      sequential   Send-HlsToS3 -ThrottleLimit 1: the same engine, one file at a time.
      aws s3 cp    Debian's awscli, `aws s3 cp --recursive` to the same S3 server with its own
                   credentials (it needs no presigning: it is the baseline of a direct S3 client).

    The S3 server answers each PUT after -LatencyMs (default 20 ms), standing in for the network
    round trip to real S3: without it the single-core local server, not the client, sets the pace.
    It prints median files/s and MB/s of each, and the ratios HlsEncoder/sequential (goal 3x on small
    files) and HlsEncoder/awscli (goal 1x). Results go to output/bench/Upload.json. The bench reports;
    it does not fail on a slow machine.

.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Bench

.EXAMPLE
    dotnet pwsh ./bench/Upload.Bench.ps1 -RepoRoot . -ModuleManifest ./output/HlsEncoder/0.1.0/HlsEncoder.psd1 -Rounds 5 -LatencyMs 0
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $RepoRoot,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [ValidateRange(1, 10)] [int] $Rounds = 3,
    [ValidateRange(0, 1000)] [int] $LatencyMs = 20,
    [ValidateRange(10, 5000)] [int] $SmallFiles = 300,
    [ValidateRange(1, 4096)] [int] $SmallKiB = 200,
    [ValidateRange(1, 4096)] [int] $LargeMiB = 200
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module $ModuleManifest -Force
Import-Module (Join-Path $RepoRoot 'tools/LocalPlatform/LocalPlatform.psd1') -Force

$courseId = '65a1f0c2e4b0a1b2c3d4e5f6'
Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1') -Force
$work = New-BenchFolder

function New-BenchPackage([string] $Name, [scriptblock] $AddFiles) {
    <# A real package (so Send-HlsToS3 accepts it) with the benchmark's files added to it. #>
    $folder = Join-Path $work $Name
    Copy-Item -LiteralPath $script:basePackage -Destination $folder -Recurse
    & $AddFiles (Join-Path $folder 'load')
    $files = @(Get-ChildItem -LiteralPath $folder -Recurse -File | Where-Object Name -NotLike '.*')
    [pscustomobject]@{ Folder = $folder; Files = $files.Count; Bytes = ($files | Measure-Object Length -Sum).Sum }
}

function Write-RandomFile([string] $Path, [long] $Bytes) {
    $null = New-Item -ItemType Directory -Force -Path (Split-Path -Parent $Path)
    $buffer = [byte[]]::new([math]::Min($Bytes, 1MB))
    $stream = [IO.File]::Create($Path)
    try {
        for ($left = $Bytes; $left -gt 0; $left -= $buffer.Length) {
            [Security.Cryptography.RandomNumberGenerator]::Fill($buffer)
            $stream.Write($buffer, 0, [math]::Min($left, $buffer.Length))
        }
    }
    finally { $stream.Dispose() }
}

function Measure-Upload([string] $Who, $Package, [int] $Round) {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    switch ($Who) {
        'HlsEncoder' { $null = Send-HlsToS3 -Path $Package.Folder -CourseId $courseId -Name bench -Restart -ThrottleLimit 8 -EnvFile $envFile }
        'sequential' { $null = Send-HlsToS3 -Path $Package.Folder -CourseId $courseId -Name bench -Restart -ThrottleLimit 1 -EnvFile $envFile }
        'aws s3 cp' {
            $output = & $aws s3 cp $Package.Folder "s3://media/bench-aws/$Round/" --recursive --no-progress --only-show-errors `
                --exclude '.*' --endpoint-url $platform.S3Url 2>&1
            if ($LASTEXITCODE -ne 0) { throw "aws s3 cp failed: $output" }
        }
    }
    $clock.Stop()
    $clock.Elapsed.TotalSeconds
}

$platform = $null
try {
    Write-Host "Upload bench: $SmallFiles x $SmallKiB KiB and 1 x $LargeMiB MiB, $Rounds round(s), S3 latency $LatencyMs ms per PUT, $([Environment]::ProcessorCount) cores"
    $aws = (Get-Command /usr/bin/aws, aws -CommandType Application -ErrorAction Ignore | Select-Object -First 1).Source
    if (-not $aws) { throw 'aws is missing: install Debian''s awscli (build.ps1 -Task Bench does).' }
    Write-Host "awscli: $(& $aws --version 2>&1)"
    $env:AWS_ACCESS_KEY_ID = 'S3RVER'; $env:AWS_SECRET_ACCESS_KEY = 'S3RVER'; $env:AWS_DEFAULT_REGION = 'us-east-1'
    $env:AWS_EC2_METADATA_DISABLED = 'true'

    $clip = & (Join-Path $RepoRoot 'tools/TestAssets/New-TestMedia.ps1') -Kind Motion -Path (Join-Path $work 'clip.mp4') -Width 426 -Height 240 -Duration 2
    $script:basePackage = (Invoke-HlsEncode -LiteralPath $clip.FullName -OutputPath (Join-Path $work 'base') -Quality 240p -SegmentDuration 2).OutputPath
    $small = New-BenchPackage 'small' { param($load) foreach ($i in 1..$SmallFiles) { Write-RandomFile (Join-Path $load ('seg_{0:000}.ts' -f $i)) ($SmallKiB * 1KB) } }
    $large = New-BenchPackage 'large' { param($load) Write-RandomFile (Join-Path $load 'lecture.mp4') ($LargeMiB * 1MB) }

    $platform = Start-LocalPlatform -RepoRoot $RepoRoot
    $envFile = Join-Path $work 'platform.env'
    Write-LocalPlatformEnvFile -Platform $platform -Path $envFile
    if ($LatencyMs -gt 0) { Set-LocalPlatformS3Fault -Platform $platform -Status 0 -Count 1000000 -DelayMs $LatencyMs }

    $uploaders = 'HlsEncoder', 'sequential', 'aws s3 cp'
    $results = foreach ($case in @(@{ Name = 'small files'; Package = $small }, @{ Name = 'one large file'; Package = $large })) {
        $seconds = @{}; foreach ($who in $uploaders) { $seconds[$who] = [Collections.Generic.List[double]]::new() }
        Measure-Upload 'HlsEncoder' $case.Package 0 | Out-Null   # warm-up: JIT, connections, disk cache
        foreach ($round in 1..$Rounds) {
            foreach ($who in $uploaders) { $seconds[$who].Add((Measure-Upload $who $case.Package $round)) }
        }

        $rows = foreach ($who in $uploaders) {
            $median = Get-Median $seconds[$who]
            [pscustomobject]@{
                Uploader    = $who
                Seconds     = [math]::Round($median, 2)
                FilesPerSec = [math]::Round($case.Package.Files / $median, 1)
                MBPerSec    = [math]::Round($case.Package.Bytes / 1MB / $median, 1)
            }
        }
        $hls = ($rows | Where-Object Uploader -eq 'HlsEncoder').Seconds
        $summary = [pscustomobject]@{
            Case              = $case.Name
            Files             = $case.Package.Files
            MB                = [math]::Round($case.Package.Bytes / 1MB, 1)
            Rows              = $rows
            VersusSequential  = [math]::Round(($rows | Where-Object Uploader -eq 'sequential').Seconds / $hls, 2)
            VersusAwsCli      = [math]::Round(($rows | Where-Object Uploader -eq 'aws s3 cp').Seconds / $hls, 2)
        }
        Write-Host ''
        Write-Host ("{0} ({1} files, {2} MB): HlsEncoder is {3:0.00}x the sequential upload (goal 3x on small files) and {4:0.00}x awscli (goal 1x)" -f
            $summary.Case, $summary.Files, $summary.MB, $summary.VersusSequential, $summary.VersusAwsCli)
        $rows | Format-Table -AutoSize | Out-String -Stream | Where-Object { $_ } | ForEach-Object { Write-Host "  $_" }
        $summary
    }

    $resultsFile = Join-Path $RepoRoot 'output/bench/Upload.json'
    $null = New-Item -ItemType Directory -Force -Path (Split-Path -Parent $resultsFile)
    [pscustomobject]@{
        Machine   = "$([Environment]::ProcessorCount) cores, $([Runtime.InteropServices.RuntimeInformation]::OSDescription)"
        LatencyMs = $LatencyMs
        Rounds    = $Rounds
        Cases     = $results
    } | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $resultsFile -Encoding utf8
    Write-Host ''
    Write-Host "Results: $resultsFile"
}
finally {
    if ($platform) { Stop-LocalPlatform -Platform $platform }
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
}
