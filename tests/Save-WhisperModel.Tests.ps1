#Requires -Version 7.4
# Save-WhisperModel against a local HTTP server that serves the tiny model (no real model can be
# downloaded here): download, verification, resuming, idempotence and its errors.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    $script:SettingNames = 'WHISPER_MODEL_PATH', 'WHISPER_MODEL_DIR', 'WHISPER_MODEL_BASE_URL', 'FFMPEG_PATH', 'HLSENCODER_ENV_FILE'
    $script:SavedSettings = @{}
    foreach ($name in $script:SettingNames) {
        $script:SavedSettings[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $null)
    }

    $script:Work = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "hlsenc-models-$([guid]::NewGuid().ToString('N').Substring(0, 8))")).FullName
    Push-Location -LiteralPath $script:Work
    $script:Served = New-Item -ItemType Directory -Path (Join-Path $script:Work 'served')
    $made = & dotnet run --project (Join-Path $script:RepoRoot 'tools/TestAssets/TestAssets.csproj') -c Release -- tiny-model (Join-Path $script:Served 'ggml-tiny-test.bin') 2>&1
    if ($LASTEXITCODE -ne 0) { throw "Could not make the tiny Whisper model: $made" }
    Copy-Item -LiteralPath (Join-Path $script:Served 'ggml-tiny-test.bin') -Destination (Join-Path $script:Served 'ggml-tiny.bin')
    $script:ModelBytes = [IO.File]::ReadAllBytes((Join-Path $script:Served 'ggml-tiny-test.bin'))
    $script:Sha1 = (Get-FileHash -LiteralPath (Join-Path $script:Served 'ggml-tiny-test.bin') -Algorithm SHA1).Hash.ToLowerInvariant()
    $script:Sha256 = (Get-FileHash -LiteralPath (Join-Path $script:Served 'ggml-tiny-test.bin') -Algorithm SHA256).Hash.ToLowerInvariant()

    # A file server on a loopback port, in a runspace of its own: HTTP Range support, and a log of each request.
    $port = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $port.Start(); $script:Port = $port.LocalEndpoint.Port; $port.Stop()
    $script:Listener = [System.Net.HttpListener]::new()
    $script:Listener.Prefixes.Add("http://127.0.0.1:$script:Port/")
    $script:Listener.Start()
    $script:Requests = [System.Collections.Concurrent.ConcurrentQueue[string]]::new()
    $script:Server = [powershell]::Create()
    $null = $script:Server.AddScript({
            param($Listener, $Folder, $Requests)
            while ($Listener.IsListening) {
                try { $context = $Listener.GetContext() } catch { break }
                $request = $context.Request
                $response = $context.Response
                $range = $request.Headers['Range']
                $Requests.Enqueue(('{0} {1}' -f $request.Url.AbsolutePath, $range).Trim())
                $file = Join-Path $Folder ([IO.Path]::GetFileName($request.Url.AbsolutePath))
                try {
                    if (-not [IO.File]::Exists($file)) { $response.StatusCode = 404; continue }
                    $bytes = [IO.File]::ReadAllBytes($file)
                    $from = 0
                    if ($range -match '^bytes=(\d+)-$') {
                        $from = [int]$Matches[1]
                        if ($from -ge $bytes.Length) { $response.StatusCode = 416; continue }
                        $response.StatusCode = 206
                        $response.Headers.Add('Content-Range', "bytes $from-$($bytes.Length - 1)/$($bytes.Length)")
                    }
                    $response.ContentLength64 = $bytes.Length - $from
                    $response.OutputStream.Write($bytes, $from, $bytes.Length - $from)
                }
                catch [System.Net.HttpListenerException], [System.IO.IOException] { }
                finally { try { $response.Close() } catch { } }
            }
        }).AddArgument($script:Listener).AddArgument($script:Served.FullName).AddArgument($script:Requests)
    $script:ServerHandle = $script:Server.BeginInvoke()
    $script:BaseUrl = "http://127.0.0.1:$script:Port/whisper.cpp"

    function Get-Request {
        <# The requests the server received since the last call. #>
        $taken = [System.Collections.Generic.List[string]]::new()
        $item = $null
        while ($script:Requests.TryDequeue([ref]$item)) { $taken.Add($item) }
        $taken.ToArray()
    }

    function Use-Cache {
        <# A fresh, empty model cache for one test. #>
        param([Parameter(Mandatory)] [string] $Name)
        $env:WHISPER_MODEL_DIR = Join-Path $script:Work "cache-$Name"
        $null = Get-Request
        $env:WHISPER_MODEL_DIR
    }
}

AfterAll {
    $script:Listener.Stop()
    $script:Listener.Close()
    $script:Server.Dispose()
    Pop-Location
    foreach ($name in $script:SettingNames) { [Environment]::SetEnvironmentVariable($name, $script:SavedSettings[$name]) }
    Remove-Item -LiteralPath $script:Work -Recurse -Force -ErrorAction Ignore
}

Describe 'Save-WhisperModel' {
    It 'downloads into the model cache, verifies the checksum and returns the model''s facts' {
        $cache = Use-Cache 'download'

        $model = Save-WhisperModel -ModelName tiny-test -BaseUrl $script:BaseUrl -Sha1 $script:Sha1

        $model.PSTypeNames[0] | Should -Be 'HlsEncoder.Transcription.WhisperModelFile'
        $model.Name | Should -Be 'tiny-test'
        $model.ModelPath | Should -Be (Join-Path $cache 'ggml-tiny-test.bin')
        $model.Size | Should -Be $script:ModelBytes.Length
        $model.Sha1 | Should -Be $script:Sha1
        $model.Sha256 | Should -Be $script:Sha256
        $model.Downloaded | Should -BeTrue
        $model.Url | Should -Be "$script:BaseUrl/ggml-tiny-test.bin"
        (Get-ChildItem -LiteralPath $cache -Force).Name | Should -Be 'ggml-tiny-test.bin'
        (Get-FileHash -LiteralPath $model.ModelPath -Algorithm SHA1).Hash | Should -Be $script:Sha1.ToUpperInvariant()
        Get-Request | Should -Be '/whisper.cpp/ggml-tiny-test.bin'
        ($model | Format-Table | Out-String -Width 300) | Should -Match "tiny-test\s+7\.7 MB\s+yes\s+$([regex]::Escape($model.ModelPath))"
    }

    It 'is idempotent: a verified model is not downloaded again, unless -Force' {
        $null = Use-Cache 'again'
        $null = Save-WhisperModel tiny-test -BaseUrl $script:BaseUrl -Sha1 $script:Sha1
        $null = Get-Request

        $again = Save-WhisperModel tiny-test -BaseUrl $script:BaseUrl -Sha1 $script:Sha1 -Verbose 4>&1
        ($again | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Downloaded | Should -BeFalse
        ($again | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain "The Whisper model tiny-test is already in $(Join-Path $env:WHISPER_MODEL_DIR 'ggml-tiny-test.bin'), and its checksum matches; nothing to download (add -Force to download it again)."
        Get-Request | Should -BeNullOrEmpty

        (Save-WhisperModel tiny-test -BaseUrl $script:BaseUrl -Sha1 $script:Sha1 -Force).Downloaded | Should -BeTrue
        Get-Request | Should -Be '/whisper.cpp/ggml-tiny-test.bin'
    }

    It 'resumes a partial download with a Range request' {
        $cache = Use-Cache 'resume'
        $null = New-Item -ItemType Directory -Path $cache
        $partial = [byte[]]::new(1000000)
        [Array]::Copy($script:ModelBytes, $partial, $partial.Length)
        [IO.File]::WriteAllBytes((Join-Path $cache 'ggml-tiny-test.bin.partial'), $partial)

        $model = Save-WhisperModel tiny-test -BaseUrl $script:BaseUrl -Sha256 $script:Sha256

        Get-Request | Should -Be '/whisper.cpp/ggml-tiny-test.bin bytes=1000000-'
        $model.Sha1 | Should -Be $script:Sha1
        (Get-ChildItem -LiteralPath $cache -Force).Name | Should -Be 'ggml-tiny-test.bin'
    }

    It 'checks an official model against its published SHA-1 and keeps nothing that does not match' {
        $cache = Use-Cache 'mismatch'

        { Save-WhisperModel -ModelName tiny -BaseUrl $script:BaseUrl -ErrorAction Stop } |
            Should -Throw -ErrorId 'ModelChecksumMismatch,HlsEncoder.Module.Commands.SaveWhisperModelCommand' -ExpectedMessage '*does not match its SHA-1*'
        @(Get-ChildItem -LiteralPath $cache -Force) | Should -BeNullOrEmpty
        { Save-WhisperModel tiny-test -BaseUrl $script:BaseUrl -Sha1 ('0' * 40) -ErrorAction Stop } |
            Should -Throw -ErrorId 'ModelChecksumMismatch,HlsEncoder.Module.Commands.SaveWhisperModelCommand'
    }

    It 'refuses a model it has no checksum for, and a remote mirror over plain http' {
        $null = Use-Cache 'refused'

        { Save-WhisperModel tiny-test -BaseUrl $script:BaseUrl -ErrorAction Stop } |
            Should -Throw -ErrorId 'ModelChecksumUnknown,HlsEncoder.Module.Commands.SaveWhisperModelCommand' -ExpectedMessage '*-Sha256 or -Sha1*'
        { Save-WhisperModel base -BaseUrl http://mirror.example.com/models } |
            Should -Throw -ErrorId 'InvalidModelBaseUrl,HlsEncoder.Module.Commands.SaveWhisperModelCommand'
        { Save-WhisperModel '../escape' } | Should -Throw '*is not a model name*'
        { Save-WhisperModel base -Sha1 'xyz' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,HlsEncoder.Module.Commands.SaveWhisperModelCommand'
        Get-Request | Should -BeNullOrEmpty
    }

    It 'reports a name the server does not have as an error per model, and goes on with the next' {
        $cache = Use-Cache 'pipeline'
        $env:WHISPER_MODEL_BASE_URL = $script:BaseUrl
        try {
            $saved = 'tiny-missing', 'tiny-test' | Save-WhisperModel -Sha1 $script:Sha1 -ErrorVariable failures -ErrorAction SilentlyContinue
        }
        finally { $env:WHISPER_MODEL_BASE_URL = $null }

        @($saved).Name | Should -Be 'tiny-test'
        @($failures).FullyQualifiedErrorId | Should -Be 'ModelNotFoundOnServer,HlsEncoder.Module.Commands.SaveWhisperModelCommand'
        Get-Request | Should -Be '/whisper.cpp/ggml-tiny-missing.bin', '/whisper.cpp/ggml-tiny-test.bin'
        (Get-ChildItem -LiteralPath $cache -Force).Name | Should -Be 'ggml-tiny-test.bin'
    }

    It 'does nothing with -WhatIf' {
        $cache = Use-Cache 'whatif'

        Save-WhisperModel tiny-test -BaseUrl $script:BaseUrl -Sha1 $script:Sha1 -WhatIf | Should -BeNullOrEmpty

        Test-Path -LiteralPath $cache | Should -BeFalse
        Get-Request | Should -BeNullOrEmpty
    }

    It 'saves a model that Invoke-Transcription then finds by name' {
        $null = Use-Cache 'use'
        $null = Save-WhisperModel tiny-test -BaseUrl $script:BaseUrl -Sha1 $script:Sha1
        $speech = & (Join-Path $script:RepoRoot 'tools/TestAssets/New-TestMedia.ps1') -Kind Speech -Path (Join-Path $script:Work 'hello.wav') -Duration 3 -Text 'Hello.'

        $transcript = Invoke-Transcription -LiteralPath $speech.FullName -OutputPath (Join-Path $script:Work 'hello') -ModelName tiny-test -Language en

        $transcript.Model | Should -Be 'tiny-test'
        Test-Path -LiteralPath $transcript.VttPath | Should -BeTrue
    }
}
