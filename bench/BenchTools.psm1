#Requires -Version 7.4
# What every benchmark under bench/ needs: a scratch folder of its own and the median of its rounds.

Set-StrictMode -Version Latest

function New-BenchFolder {
    <# A new folder under the system's temp folder; the bench removes it when it ends. #>
    (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "hlsenc-bench-$([guid]::NewGuid().ToString('N').Substring(0, 8))")).FullName
}

function Get-Median {
    <# The median of the values (the mean of the middle two for an even count). #>
    param([double[]] $Value)
    $sorted = @($Value | Sort-Object)
    if ($sorted.Count % 2) { $sorted[[int][math]::Floor($sorted.Count / 2)] }
    else { ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2 }
}

Export-ModuleMember -Function New-BenchFolder, Get-Median
