#Requires -Version 7.4
# A whole course, as an admin publishes one: a folder of lectures, a second course, overlapping runs,
# and the original converter's flat layout when it is asked for.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $courseId = '0123456789abcdef01234567'
    $otherCourse = '65a1f0c2e4b0a1b2c3d4e5f6'
    # Small and fast on two cores: one rung, 2 s segments, no transcription (Publish-HlsVideo.Tests covers it).
    $common = @{ Quality = '240p'; SegmentDuration = 2; SkipTranscription = $true }

    function New-Lecture([string] $Folder, [string] $Name, [double] $Duration) {
        $null = New-Item -ItemType Directory -Force -Path $Folder
        & (Join-Path $RepoRoot 'tools/TestAssets/New-TestMedia.ps1') -Kind Lecture -Path (Join-Path $Folder $Name) -Width 426 -Height 240 -Duration $Duration
    }

    function Start-Publish([string] $Source, [hashtable] $Environment) {
        <# Publishes in a pwsh of its own and reports, on its last lines, what happened: PUBLISHED or ERROR <id> <message>. #>
        $command = "Import-Module '$($script:ModuleManifest)'; " +
            "`$r = Publish-HlsVideo -LiteralPath '$Source' -CourseId $courseId -Name 'Overlap' -Quality 240p -SegmentDuration 2 -SkipTranscription -ThrottleLimit 1 -ErrorVariable problems -ErrorAction SilentlyContinue; " +
            "if (`$r) { 'PUBLISHED ' + `$r.Id }; foreach (`$p in `$problems) { 'ERROR ' + `$p.FullyQualifiedErrorId.Split(',')[0] + ' ' + `$p.Exception.Message }"
        [System.Diagnostics.Process]::Start((New-PwshStartInfo -Command $command -Environment $Environment))
    }
}

Describe 'A whole course' {
    BeforeAll {
        $platform = Get-TestPlatform
    }
    BeforeEach {
        $saved = Enter-PlatformTest $platform
    }
    AfterEach {
        Restore-HlsEncoderEnvironment $saved
    }

    Context 'a folder of lectures' {
        BeforeAll {
            Reset-LocalPlatform -Platform $platform -Files
            Set-PlatformEnvironment $platform
            $course = Join-Path $TestDrive 'course-101'
            $lectures = @(
                New-Lecture $course 'Session 1 - Welcome.mp4' 6
                New-Lecture $course 'Session 2 - Loops.mp4' 4
                New-Lecture $course 'Session 3 - Functions.mp4' 8
            )
            $results = @(Get-ChildItem -Path (Join-Path $course '*.mp4') | Publish-HlsVideo -CourseId $courseId -Language en @common)
            $stored = @(Get-LocalPlatformFileRecord -Platform $platform)
        }

        It 'publishes each lecture once, in a folder of its own named after it' {
            $results.Count | Should -Be 3
            $stored.Count | Should -Be 3
            @($results.Prefix | Sort-Object -Unique).Count | Should -Be 3
            foreach ($lecture in $lectures) {
                $result = $results | Where-Object SourcePath -eq $lecture.FullName
                $result.Prefix | Should -Be (Get-VideoPrefix -CourseId $courseId -Name $lecture.BaseName -Source $lecture.FullName)
                $record = $stored | Where-Object _id -eq $result.Id
                $record.name | Should -Be $lecture.BaseName
                $record.s3Keys.master | Should -Be "$($result.Prefix)master.m3u8"
                $record.s3Keys.qualities.'240p' | Should -Be "$($result.Prefix)240p/index.m3u8"
            }
            $results[0].Prefix | Should -Match "^courses/$courseId/en/session-1-welcome-[0-9a-f]{10}/$"
        }

        It 'keeps every lecture whole: each master, read back from S3, lasts as long as its own video' {
            foreach ($lecture in $lectures) {
                $result = $results | Where-Object SourcePath -eq $lecture.FullName
                $expected = [double] (& ffprobe -v error -show_entries format=duration -of csv=p=0 $lecture.FullName)
                Get-PublishedDuration $result.MasterUrl | Should -BeGreaterOrEqual ($expected - 0.5) -Because $lecture.Name
                Get-PublishedDuration $result.MasterUrl | Should -BeLessOrEqual ($expected + 0.5) -Because $lecture.Name
            }
        }

        It 'plays each master in Chromium with hls.js, each for its own length' {
            foreach ($result in $results) {
                $report = Invoke-Playback -Url $result.MasterUrl -Seconds 2

                @($report.errors | Where-Object fatal) | Should -BeNullOrEmpty
                @($report.httpErrors) | Should -BeNullOrEmpty
                $report.currentTime | Should -BeGreaterOrEqual 2
                $report.duration | Should -BeGreaterOrEqual ((Get-PublishedDuration $result.MasterUrl) - 0.1)
                $report.duration | Should -BeLessOrEqual ((Get-PublishedDuration $result.MasterUrl) + 0.1)
            }
            @($results | ForEach-Object { Get-PublishedDuration $_.MasterUrl } | Sort-Object -Unique).Count | Should -Be 3
        }

        It 'sends nothing when the whole folder is published again' {
            Reset-LocalPlatform -Platform $platform

            $again = @(Get-ChildItem -Path (Join-Path $course '*.mp4') | Publish-HlsVideo -CourseId $courseId -Language en @common)

            $again.AlreadyPublished | Should -Be @($true, $true, $true)
            @($again.Id | Sort-Object) | Should -Be @($results.Id | Sort-Object)
            @(Get-LocalPlatformRequest -Platform $platform).Count | Should -Be 0
            @(Get-LocalPlatformS3Request -Platform $platform).Count | Should -Be 0
        }

        It 'publishes a lecture to a second course from the same package, and the first still plays' {
            Reset-LocalPlatform -Platform $platform
            $first = $results[0]
            $manifest = Join-Path $first.PackagePath '.hlsencoder-package.json'
            $encodedAt = (Get-Content -LiteralPath $manifest -Raw | ConvertFrom-Json).createdAt

            $second = Publish-HlsVideo -LiteralPath $first.SourcePath -CourseId $otherCourse -Language en @common -Verbose 4>&1
            $record = $second | Where-Object { $_.PSTypeNames[0] -eq 'HlsEncoder.Publishing.PublishResult' }
            $verbose = ($second | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"

            $record.Id | Should -Not -Be $first.Id
            $record.Prefix | Should -Be (Get-VideoPrefix -CourseId $otherCourse -Name 'Session 1 - Welcome' -Source $first.SourcePath)
            @(Get-LocalPlatformFileRecord -Platform $platform).Count | Should -Be 1
            $verbose | Should -Match 'is already encoded from it with the same settings'
            (Get-Content -LiteralPath $manifest -Raw | ConvertFrom-Json).createdAt | Should -Be $encodedAt -Because 'the package is not encoded again'
            $report = Invoke-Playback -Url $first.MasterUrl -Seconds 1
            @($report.errors | Where-Object fatal) | Should -BeNullOrEmpty
            @($report.httpErrors) | Should -BeNullOrEmpty
        }
    }

    Context 'runs that overlap' {
        It 'three runs of one video at once give one record and a complete upload, and the others name the holder' {
            $source = New-Lecture (Join-Path $TestDrive 'overlap') 'overlap.mp4' 6
            # Slow S3 down so that the first run still holds the video when the others arrive.
            Set-LocalPlatformS3Fault -Platform $platform -Status 0 -Count 1000 -DelayMs 1500
            $environment = @{ BACKEND_URL = $env:BACKEND_URL; AUTH_TOKEN = $env:AUTH_TOKEN; XDG_CONFIG_HOME = $env:XDG_CONFIG_HOME; XDG_STATE_HOME = $env:XDG_STATE_HOME }

            $runs = @(1..3 | ForEach-Object { Start-Publish $source.FullName $environment })
            $outputs = @($runs | ForEach-Object { $_.StandardOutput.ReadToEnd() })
            $runs | ForEach-Object { $_.WaitForExit() }

            $winners = @(0..2 | Where-Object { $outputs[$_] -match 'PUBLISHED [0-9a-f]{24}' })
            $winners.Count | Should -Be 1 -Because ($outputs -join "`n---`n")
            $holder = $runs[$winners[0]].Id
            foreach ($loser in 0..2 | Where-Object { $_ -ne $winners[0] }) {
                $outputs[$loser] | Should -Match 'ERROR PublicationInProgress '
                $outputs[$loser] | Should -Match "in use: process $holder on "
                $outputs[$loser] | Should -Match 'since \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ'
            }
            @(Get-LocalPlatformFileRecord -Platform $platform).Count | Should -Be 1
            $prefix = Get-VideoPrefix -CourseId $courseId -Name 'Overlap' -Source $source.FullName
            $package = Join-Path $source.DirectoryName 'overlap'
            foreach ($file in Get-ChildItem -LiteralPath $package -Recurse -File | Where-Object Name -NotLike '.*') {
                $key = $prefix + [IO.Path]::GetRelativePath($package, $file.FullName).Replace('\', '/')
                $answer = Invoke-WebRequest -Uri "$($platform.PublicBaseUrl)/$key"
                $answer.Headers['ETag'] | Should -Be "`"$((Get-FileHash -LiteralPath $file.FullName -Algorithm MD5).Hash.ToLowerInvariant())`""
            }
        }
    }

    Context 'the course layout' {
        It 'writes the flat folder when S3_KEY_LAYOUT=Course, and refuses a different video there saying what it would overwrite' {
            $env:S3_KEY_LAYOUT = 'Course'
            $folder = Join-Path $TestDrive 'flat'
            $first = New-Lecture $folder 'intro.mp4' 4
            $second = New-Lecture $folder 'outro.mp4' 6

            $published = Publish-HlsVideo -LiteralPath $first.FullName -CourseId $courseId -Name 'Intro' @common
            Reset-LocalPlatform -Platform $platform
            { Publish-HlsVideo -LiteralPath $second.FullName -CourseId $courseId -Name 'Outro' @common -ErrorAction Stop } |
                Should -Throw -ErrorId 'CourseFolderInUse,*' -ExpectedMessage "*courses/$courseId/en/ already holds 'Intro' ($($first.FullName), File record $($published.Id))*would overwrite its master.m3u8*"

            $published.Prefix | Should -Be "courses/$courseId/en/"
            $published.KeyLayout | Should -Be 'Course'
            (Get-LocalPlatformFileRecord -Platform $platform).s3Keys.master | Should -Be "courses/$courseId/en/master.m3u8"
            @(Get-LocalPlatformRequest -Platform $platform).Count | Should -Be 0 -Because 'the refusal comes before any request'
        }

        It 'replaces the video in the flat folder with -Force, and a video in its own folder is untouched' {
            $folder = Join-Path $TestDrive 'flat-forced'
            $first = New-Lecture $folder 'intro.mp4' 4
            $second = New-Lecture $folder 'outro.mp4' 6
            $elsewhere = Publish-HlsVideo -LiteralPath $first.FullName -CourseId $courseId -Name 'Intro' @common
            $null = Publish-HlsVideo -LiteralPath $first.FullName -CourseId $courseId -Name 'Intro flat' -KeyLayout Course @common

            $replaced = Publish-HlsVideo -LiteralPath $second.FullName -CourseId $courseId -Name 'Outro' -KeyLayout Course -Force @common -WarningVariable warnings

            $replaced.Prefix | Should -Be "courses/$courseId/en/"
            "$warnings" | Should -Match "Replacing 'Intro flat'"
            Get-PublishedDuration $replaced.MasterUrl | Should -BeGreaterThan 5
            Get-PublishedDuration $elsewhere.MasterUrl | Should -BeLessThan 5
        }
    }
}
