#Requires -Version 7.4
# A batch spread over machines with PowerShell remoting, for real over SSH: an sshd of the test's own
# serves 127.0.0.2 and 127.0.0.3 as two hosts (tools/LoopbackHosts), each with a home and a temp folder
# of its own; the host at .3 does not see the folder of the videos, so they are copied to it.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module (Join-Path $RepoRoot 'tools/LoopbackHosts/LoopbackHosts.psm1') -Force
    $courseId = '0123456789abcdef01234567'
    $model = (New-TinyWhisperModel -Path (Join-Path $TestDrive 'ggml-tiny-test.bin')).FullName
    $media = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'media')).FullName
    $lectures = @(
        foreach ($lecture in @(@{ Name = 'Week 1 - Intro'; Seconds = 5 }, @{ Name = 'Week 2 - Sets'; Seconds = 7 },
                @{ Name = 'Week 3 - Maps'; Seconds = 4 }, @{ Name = 'Week 4 - Review'; Seconds = 6 })) {
            $file = & (Join-Path $RepoRoot 'tools/TestAssets/New-TestMedia.ps1') -Kind Lecture -Path (Join-Path $media "$($lecture.Name).mp4") -Width 426 -Height 240 -Duration $lecture.Seconds
            [pscustomobject]@{ Path = $file.FullName; CourseId = $courseId; Name = $lecture.Name; Language = 'en' }
        })

    function New-LectureCsv {
        <# The four lectures as a CSV, for a course of their own: each test publishes its own publications. #>
        $course = -join ((1..24) | ForEach-Object { '{0:x}' -f (Get-Random -Maximum 16) })
        $path = Join-Path $TestDrive "lectures-$course.csv"
        $lectures | Select-Object Path, @{ n = 'CourseId'; e = { $course } }, Name, Language | Export-Csv -LiteralPath $path
        $path
    }
    $common = @{ Model = $model; Quality = '240p'; SegmentDuration = 2 }

    $loopback = Start-LoopbackHosts -Path (Join-Path $TestDrive 'hosts') -Address '127.0.0.2', '127.0.0.3' -Hide @{ '127.0.0.3' = @($media) }
    $hostOf = @{}
    foreach ($h in $loopback.Hosts) { $hostOf[$h.Address] = $h }

    function Open-Sessions {
        <# A session to each host with this HlsEncoder imported, as an admin sets them up. #>
        $sessions = @(New-LoopbackSession -Hosts $loopback -Address '127.0.0.2', '127.0.0.3')
        Invoke-Command -Session $sessions { Import-Module $using:ModuleManifest }
        $sessions
    }

    function Start-Batch([string] $Csv, [object[]] $Session, [hashtable] $Parameters) {
        <# Publishes the CSV over the sessions in a runspace of its own, with verbose and debug on, so that a test can act mid-batch. #>
        $shell = [PowerShell]::Create()
        $null = $shell.AddScript('param($Module, $Csv, $Session, $Parameters) Import-Module $Module; $DebugPreference = "Continue"; Import-Csv -LiteralPath $Csv | Publish-HlsVideo -Session $Session @Parameters').
            AddParameter('Module', $ModuleManifest).AddParameter('Csv', $Csv).AddParameter('Session', $Session).AddParameter('Parameters', $Parameters)
        $shell
    }

    function Wait-Batch([PowerShell] $Shell, [System.IAsyncResult] $Running) {
        <# Waits for the batch; never closes a runspace under a pipeline still winding down. #>
        $null = $Running.AsyncWaitHandle.WaitOne([timespan]::FromMinutes(5))
        try { @($Shell.EndInvoke($Running)) } catch { @() }
    }

    function Get-HostFfmpeg {
        <# ffmpeg processes below our sshd: the hosts' work. #>
        @(Get-LoopbackProcess -Hosts $loopback | Where-Object ProcessName -eq 'ffmpeg')
    }

    function Get-RemotePid([System.Management.Automation.Runspaces.PSSession] $Session) {
        Invoke-Command -Session $Session { $PID }
    }
}

AfterAll {
    if ($loopback) { Stop-LoopbackHosts -Hosts $loopback }
}

Describe 'Publish-HlsVideo -Session' {
    BeforeAll {
        $platform = Get-TestPlatform
        $sessions = Open-Sessions
    }
    AfterAll {
        Remove-PSSession -Session $sessions -ErrorAction Ignore
    }
    BeforeEach {
        $saved = Enter-PlatformTest $platform
    }
    AfterEach {
        Restore-HlsEncoderEnvironment $saved
    }

    Context 'a CSV of four lectures over two hosts' {
        BeforeAll {
            $saved = Enter-PlatformTest $platform
            $csv = New-LectureCsv
            $courseId = (Import-Csv -LiteralPath $csv)[0].CourseId
            $all = @(Import-Csv -LiteralPath $csv | Publish-HlsVideo -Session $sessions @common -Verbose 4>&1)
            $verbose = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            $results = @($all | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
            $records = @(Get-LocalPlatformFileRecord -Platform $platform)
            $puts = (Get-LocalPlatformS3Put -Platform $platform).Count
            $token = Get-PlainToken -Platform $platform
            Restore-HlsEncoderEnvironment $saved
        }

        It 'creates four records, each master, read back from S3, as long as its own lecture' {
            $results.Count | Should -Be 4
            $records.Count | Should -Be 4
            foreach ($lecture in $lectures) {
                $result = $results | Where-Object Name -eq $lecture.Name
                $result.Prefix | Should -Be (Get-VideoPrefix -CourseId $courseId -Name $lecture.Name -Source $lecture.Path)
                $record = $records | Where-Object _id -eq $result.Id
                $record.s3Keys.master | Should -Be "$($result.Prefix)master.m3u8"
                $record.s3Keys.transcript.vtt | Should -Be "$($result.Prefix)transcript.vtt"
                $expected = [double] (& ffprobe -v error -show_entries format=duration -of csv=p=0 $lecture.Path)
                Get-PublishedDuration $result.MasterUrl | Should -BeGreaterOrEqual ($expected - 0.5) -Because $lecture.Name
                Get-PublishedDuration $result.MasterUrl | Should -BeLessOrEqual ($expected + 0.5) -Because $lecture.Name
            }
        }

        It 'plays each master in Chromium with hls.js, for its own length, whichever host made it' {
            foreach ($result in $results) {
                $report = Invoke-Playback -Url $result.MasterUrl -Seconds 2

                @($report.errors | Where-Object fatal) | Should -BeNullOrEmpty -Because "$($result.Name) from $($result.ComputerName)"
                @($report.httpErrors) | Should -BeNullOrEmpty
                $report.currentTime | Should -BeGreaterOrEqual 2
                $report.duration | Should -BeGreaterOrEqual ((Get-PublishedDuration $result.MasterUrl) - 0.1)
                $report.duration | Should -BeLessOrEqual ((Get-PublishedDuration $result.MasterUrl) + 0.1)
            }
        }

        It 'spreads the work over both hosts and says which did each video' {
            @($results.ComputerName | Sort-Object -Unique) | Should -Be @('127.0.0.2', '127.0.0.3')
            @($verbose | Where-Object { $_ -match '^\[127\.0\.0\.3\] .+: copying it to ' }).Count | Should -Be @($results | Where-Object ComputerName -eq '127.0.0.3').Count -Because 'the host at .3 does not see the videos'
            @($verbose | Where-Object { $_ -match '^\[127\.0\.0\.2\] .+: .+ is there already \(same size\)' }).Count | Should -Be @($results | Where-Object ComputerName -eq '127.0.0.2').Count
        }

        It 'keeps each package on the host that made it, and leaves no copy of a source there' {
            foreach ($result in $results) {
                $packages = Join-Path $hostOf[$result.ComputerName].Home '.local/share/HlsEncoder/packages'
                $folder = Join-Path $packages ($result.Prefix.TrimEnd('/') -split '/')[-1]
                Test-Path -LiteralPath (Join-Path $folder 'master.m3u8') | Should -BeTrue -Because "$($result.ComputerName) made $($result.Name)"
            }
            @(Get-ChildItem -Path (Join-Path $hostOf['127.0.0.3'].Temp 'hlsencoder-source-*') -Force) | Should -BeNullOrEmpty
        }

        It 'writes the token to no file on any host' {
            # Regular files only: the hosts' temp folders also hold .NET's debugger pipes, which a read would wait on.
            $written = @(Get-ChildItem -LiteralPath $loopback.Folder -Recurse -File -Force | Where-Object { $_.FullName -match '/host-' -and $_.UnixStat.ItemType -eq 'File' })
            $written.Count | Should -BeGreaterThan 20 -Because 'the hosts wrote packages, state and transcripts'
            $leaks = @($written | Where-Object { [IO.File]::ReadAllText($_.FullName).Contains($token) })
            $leaks | Should -BeNullOrEmpty
        }

        It 'says so on a re-run, with no new record, nothing encoded and nothing uploaded' {
            # A fresh user state and no records: the controller keeps every publication's state beside the source.
            $rerun = @(Import-Csv -LiteralPath $csv | Publish-HlsVideo -Session $sessions @common)
            $rerun.Count | Should -Be 4
            $rerun | ForEach-Object { $_.AlreadyPublished | Should -BeTrue }
            @($rerun.Id | Sort-Object) | Should -Be @($results.Id | Sort-Object)
            @(Get-LocalPlatformFileRecord -Platform $platform).Count | Should -Be 0 -Because 'no record was created again'
            (Get-LocalPlatformS3Put -Platform $platform).Count | Should -Be 0 -Because 'nothing was uploaded again'
            Get-HostFfmpeg | Should -BeNullOrEmpty
            $puts | Should -BeGreaterThan 0 -Because 'the first run did upload'
        }
    }

    It 'publishes every video once when a session dies mid-batch: its video goes to the other host' {
        $own = Open-Sessions
        $victim = $own | Where-Object ComputerName -eq '127.0.0.3'
        $victimPid = Get-RemotePid $victim
        $shell = Start-Batch (New-LectureCsv) $own @{ Model = $model; Quality = '240p'; SegmentDuration = 2; SkipTranscription = $true; OutputPath = (Join-Path $TestDrive 'killed') }
        $encoding = [HlsEncoderTests.MessageSignal]::When($shell.Streams.Debug, '^\[127\.0\.0\.3\] Started ffmpeg: process (\d+)\.')
        $running = $shell.BeginInvoke()
        try {
            $encoding.Signal.Wait([timespan]::FromSeconds(120)) | Should -BeTrue -Because 'the host at .3 starts encoding'
            $ffmpeg = Get-Process -Id ([int] $encoding.Match.Groups[1].Value) -ErrorAction Ignore
            & kill -KILL $victimPid
            $results = Wait-Batch $shell $running
        }
        finally {
            $null = $running.AsyncWaitHandle.WaitOne([timespan]::FromMinutes(5))
            $shell.Dispose()
            Remove-PSSession -Session $own
        }

        $victim.State | Should -Be 'Broken'
        $results.Count | Should -Be 4
        @(Get-LocalPlatformFileRecord -Platform $platform).Count | Should -Be 4
        @(Get-LocalPlatformFileRecord -Platform $platform).name | Sort-Object | Should -Be @($lectures.Name | Sort-Object)
        @($results | Where-Object ComputerName -eq '127.0.0.2').Count | Should -BeGreaterOrEqual 2 -Because 'the host left took the lost video too'
        if ($ffmpeg) { $ffmpeg.WaitForExit(5000) | Should -BeTrue -Because 'ffmpeg on the dead session went down with its pwsh' }
        foreach ($result in $results) {
            Get-PublishedDuration $result.MasterUrl | Should -BeGreaterThan 3
        }
    }

    It 'stops every host on Ctrl+C, leaving no ffmpeg anywhere, and a re-run finishes the batch once' {
        $own = Open-Sessions
        $output = Join-Path $TestDrive 'stopped'
        $csv = New-LectureCsv
        $shell = Start-Batch $csv $own @{ Model = $model; Quality = '240p'; SegmentDuration = 2; SkipTranscription = $true; OutputPath = $output }
        $first = [HlsEncoderTests.MessageSignal]::When($shell.Streams.Debug, '^\[127\.0\.0\.2\] Started ffmpeg: process (\d+)\.')
        $second = [HlsEncoderTests.MessageSignal]::When($shell.Streams.Debug, '^\[127\.0\.0\.3\] Started ffmpeg: process (\d+)\.')
        $running = $shell.BeginInvoke()
        try {
            $first.Signal.Wait([timespan]::FromSeconds(120)) | Should -BeTrue
            $second.Signal.Wait([timespan]::FromSeconds(120)) | Should -BeTrue
            $ffmpeg = @($first, $second | ForEach-Object { Get-Process -Id ([int] $_.Match.Groups[1].Value) -ErrorAction Ignore })
            $ffmpeg.Count | Should -BeGreaterThan 0 -Because 'both hosts are encoding'

            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $finished = $running.AsyncWaitHandle.WaitOne([timespan]::FromSeconds(10))
            $clock.Stop()
        }
        finally {
            $null = $running.AsyncWaitHandle.WaitOne([timespan]::FromMinutes(2))
            $shell.Dispose()
        }

        try {
            $states = @($own.State)
            $stoppedRecords = @(Get-LocalPlatformFileRecord -Platform $platform).Count
            $rest = @(Import-Csv -LiteralPath $csv | Publish-HlsVideo -Session $own -Model $model -Quality 240p -SegmentDuration 2 -SkipTranscription -OutputPath $output)
        }
        finally {
            Remove-PSSession -Session $own
        }

        $finished | Should -BeTrue
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
        $ffmpeg | ForEach-Object { $_.WaitForExit(2000) | Should -BeTrue -Because 'Ctrl+C stops the remote pipelines' }
        Get-HostFfmpeg | Should -BeNullOrEmpty
        $states | Should -Be @('Opened', 'Opened') -Because 'stopping a pipeline leaves its session usable'
        $stoppedRecords | Should -BeLessThan 4 -Because 'the batch was stopped before its end'
        $rest.Count | Should -Be 4
        $records = @(Get-LocalPlatformFileRecord -Platform $platform)
        $records.Count | Should -Be 4
        @($records.name | Sort-Object -Unique).Count | Should -Be 4
    }

    It 'stops the whole batch when the backend refuses the token, as on one machine, and shows no token' {
        Set-PlatformEnvironment $platform -As Expired
        $stopped = $null
        try {
            $null = Import-Csv -LiteralPath (New-LectureCsv) | Publish-HlsVideo -Session $sessions @common -SkipTranscription -ErrorAction Stop
        }
        catch {
            $stopped = $_
        }

        $stopped.FullyQualifiedErrorId | Should -BeLike 'BackendUnauthorized,*'
        "$stopped" | Should -Not -Match ([regex]::Escape($env:AUTH_TOKEN))
        @(Get-LocalPlatformFileRecord -Platform $platform).Count | Should -Be 0
        Get-HostFfmpeg | ForEach-Object { $_.WaitForExit(2000) | Should -BeTrue -Because 'the other host was stopped too' }
        $sessions.State | Should -Be @('Opened', 'Opened')
    }

    It 'says how to install HlsEncoder on a host that lacks it, and publishes nothing' {
        $bare = @(New-LoopbackSession -Hosts $loopback -Address '127.0.0.2')
        $errors = $results = $stopped = $null
        try {
            $results = @($lectures[0] | Publish-HlsVideo -Session $bare @common -ErrorVariable errors -ErrorAction SilentlyContinue)
        }
        catch {
            $stopped = $_
        }
        finally {
            Remove-PSSession -Session $bare
        }
        $stopped.FullyQualifiedErrorId | Should -BeLike 'NoSessionReady,*'
        $results | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'RemoteModuleMissing,*'
        $errors[0].Exception.Message | Should -Match 'Install-PSResource -Name HlsEncoder'
        $errors[0].Exception.Message | Should -Match 'Copy-Item -Recurse'
        @(Get-LocalPlatformFileRecord -Platform $platform).Count | Should -Be 0
    }

    It 'refuses the course layout with sessions before any work' {
        { $lectures[0] | Publish-HlsVideo -Session $sessions @common -KeyLayout Course -ErrorAction Stop } |
            Should -Throw -ErrorId 'SessionNeedsVideoLayout*'
        Get-HostFfmpeg | Should -BeNullOrEmpty
    }
}
