#Requires -Version 7.4
# Several "hosts" on one machine for PowerShell remoting over SSH: one sshd of our own on a private port,
# listening on 127.0.0.x addresses only, key login, the powershell subsystem running this very pwsh. Each
# address is a host with a HOME and a temp folder of its own; a host can be given a folder it cannot see
# (a mount namespace hides it), as a machine without the controller's storage. The recipe and its
# measurements are in ../shared/docs/REMOTING.md. Used by tests/FanOut.Tests.ps1 and bench/FanOut.Bench.ps1.

Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot '../BuildTools.psm1')

function Start-LoopbackHosts {
    <#
    .SYNOPSIS
    Starts an sshd of our own on a free port that serves the given loopback addresses as hosts.
    .DESCRIPTION
    The sshd runs under a small shell that watches this pwsh: when this process ends in any way (even kill
    -9), the shell stops the sshd and everything below it (sessions, their pwsh, their ffmpeg), by pid.
    Stop-LoopbackHosts does the same at once.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [string] $Path,
        [string[]] $Address = @('127.0.0.2', '127.0.0.3'),
        # Folders that the host at an address does not see: @{ '127.0.0.3' = @('/data/videos') }.
        [hashtable] $Hide = @{},
        [ValidateRange(1, 120)] [int] $TimeoutSeconds = 30
    )

    foreach ($tool in 'sshd', 'ssh', 'ssh-keygen') {
        $found = Get-Command -Name $tool -CommandType Application -ErrorAction Ignore
        if (-not $found -and -not (Test-Path "/usr/sbin/$tool")) {
            throw "$tool is missing: install Debian's openssh-server and openssh-client (./build.ps1 -Task Install does)."
        }
    }
    if ($Hide.Count -gt 0 -and -not (Test-CanHideFolder)) {
        throw 'This machine cannot give a host a mount namespace of its own (unshare -m failed); a host cannot be made blind to a folder here.'
    }

    # sshd's privilege separation folder; Debian's package makes it only when its own service starts.
    $null = New-Item -ItemType Directory -Force -Path '/run/sshd'
    $folder = (New-Item -ItemType Directory -Force -Path $Path).FullName
    foreach ($key in 'host_key', 'client_key') {
        Remove-Item -Path (Join-Path $folder "$key*") -Force
        Invoke-Native ssh-keygen -q -t ed25519 -N '' -C "loopback-$key" -f (Join-Path $folder $key)
    }
    Copy-Item -LiteralPath (Join-Path $folder 'client_key.pub') -Destination (Join-Path $folder 'authorized_keys')

    $hosts = foreach ($ip in $Address) {
        $name = 'host-' + $ip.Replace('.', '-')
        $hostHome = (New-Item -ItemType Directory -Force -Path (Join-Path $folder "$name/home")).FullName
        $temp = (New-Item -ItemType Directory -Force -Path (Join-Path $folder "$name/tmp")).FullName
        [pscustomobject]@{ Address = $ip; Home = $hostHome; Temp = $temp; Hidden = @($Hide[$ip] | Where-Object { $_ }) }
    }
    $launcher = Write-Launcher -Folder $folder -Hosts $hosts

    $port = 0
    $process = $null
    for ($try = 1; $try -le 5 -and -not $process; $try++) {
        $port = Get-Random -Minimum 20000 -Maximum 40000
        $config = Join-Path $folder 'sshd_config'
        $lines = @("Port $port") + @($Address | ForEach-Object { "ListenAddress $_" }) + @(
            "HostKey $folder/host_key"
            "PidFile $folder/sshd.pid"
            "AuthorizedKeysFile $folder/authorized_keys"
            'PermitRootLogin prohibit-password'
            'PasswordAuthentication no'
            'KbdInteractiveAuthentication no'
            'UsePAM no'
            'StrictModes no'
            'SetEnv SHLVL=1'
            "Subsystem powershell $launcher"
            'Subsystem sftp internal-sftp')
        Set-Content -LiteralPath $config -Value $lines
        $sshd = if (Test-Path /usr/sbin/sshd) { '/usr/sbin/sshd' } else { (Get-Command sshd).Source }
        Invoke-Native $sshd -t -f $config
        $process = Start-Watchdog -Folder $folder -Command "$sshd -D -f $config -E $folder/sshd.log"
        if (-not (Wait-Listening -Address $Address -Port $port -Process $process -TimeoutSeconds $TimeoutSeconds)) {
            Stop-Watchdog $process
            $process = $null
        }
    }
    if (-not $process) { throw "sshd did not start on a free port; see $folder/sshd.log" }

    $knownHosts = Join-Path $folder 'known_hosts'
    $keys = & ssh-keyscan -p $port @Address 2>$null
    Set-Content -LiteralPath $knownHosts -Value $keys
    [pscustomobject]@{
        PSTypeName = 'LoopbackHosts'
        Folder = $folder
        Port = $port
        KeyFilePath = Join-Path $folder 'client_key'
        KnownHostsFile = $knownHosts
        Hosts = $hosts
        Process = $process
    }
}

function New-LoopbackSession {
    <# Opens one session per address given (in that order), as root with the client key. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Hosts, [Parameter(Mandatory)] [string[]] $Address)
    foreach ($ip in $Address) {
        New-PSSession -HostName $ip -Port $Hosts.Port -UserName root -KeyFilePath $Hosts.KeyFilePath `
            -Options @{ UserKnownHostsFile = $Hosts.KnownHostsFile; StrictHostKeyChecking = 'yes' } -ErrorAction Stop
    }
}

function Get-LoopbackProcess {
    <# The processes below our sshd (its sessions, their pwsh and what those started), with their command lines. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Hosts)
    $listener = [int] (Get-Content -LiteralPath (Join-Path $Hosts.Folder 'sshd.pid') -ErrorAction Ignore)
    if (-not $listener) { return }
    foreach ($id in Get-Descendant $listener) {
        $process = Get-Process -Id $id -ErrorAction Ignore
        if ($process) { $process }
    }
}

function Stop-LoopbackHosts {
    <# Stops our sshd and everything below it, by pid, and waits until they are gone. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Hosts)
    Stop-Watchdog $Hosts.Process
}

function Test-CanHideFolder {
    $probe = & unshare -m sh -c 'mount -t tmpfs none /mnt && echo hidden' 2>$null
    $LASTEXITCODE -eq 0 -and $probe -eq 'hidden'
}

function Write-Launcher([string] $Folder, $Hosts) {
    <# The powershell subsystem: the real pwsh.dll (signals must reach it), with HOME and TMPDIR of the host dialled. #>
    $dotnet = [Environment]::ProcessPath
    $pwsh = if ([IO.Path]::GetFileNameWithoutExtension($dotnet) -eq 'dotnet') { "exec '$dotnet' '$(Join-Path $PSHOME 'pwsh.dll')'" }
    else { "exec '$dotnet'" }
    $cases = foreach ($h in $Hosts) {
        $hide = @($h.Hidden | ForEach-Object { "mount -t tmpfs hidden '$_'" }) -join ' && '
        $run = if ($hide) { "exec unshare -m sh -c `"$hide && $pwsh -sshs -NoLogo -NoProfile`"" } else { "$pwsh -sshs -NoLogo -NoProfile" }
        "  $($h.Address)) export HOME='$($h.Home)' TMPDIR='$($h.Temp)'; $run ;;"
    }
    $path = Join-Path $Folder 'pwsh-subsystem.sh'
    $dotnetRoot = if ($env:DOTNET_ROOT) { $env:DOTNET_ROOT } else { Split-Path -Parent $dotnet }
    Set-Content -LiteralPath $path -Value (@(
        '#!/bin/sh'
        "export LANG=C.UTF-8 DOTNET_ROOT='$dotnetRoot' PATH=/usr/local/bin:/usr/bin:/bin DOTNET_CLI_TELEMETRY_OPTOUT=1"
        'export HOSTNAME="$(echo "$SSH_CONNECTION" | cut -d" " -f3)"'
        'case "$HOSTNAME" in'
    ) + $cases + @(
        '  *) echo "no such loopback host: $HOSTNAME" >&2; exit 1 ;;'
        'esac'))
    & chmod 755 $path
    $path
}

function Start-Watchdog([string] $Folder, [string] $Command) {
    <# Runs the command under sh; when sh's stdin closes (this pwsh ends or Stop-Watchdog), sh stops the command's whole tree. #>
    $script = Join-Path $Folder 'watchdog.sh'
    Set-Content -LiteralPath $script -Value @(
        '#!/bin/sh'
        'tree() { echo $1; for c in $(cat /proc/$1/task/*/children 2>/dev/null); do tree $c; done; }'
        "$Command &"
        'child=$!'
        'cat > /dev/null'
        'ids=$(tree $child)'
        'kill -TERM $ids 2>/dev/null'
        'for i in 1 2 3 4 5 6 7 8 9 10; do alive=; for p in $ids; do kill -0 $p 2>/dev/null && alive=1; done; [ -z "$alive" ] && exit 0; sleep 0.5; done'
        'kill -KILL $ids 2>/dev/null'
        'exit 0')
    $start = [System.Diagnostics.ProcessStartInfo]::new('/bin/sh')
    $start.ArgumentList.Add($script)
    $start.RedirectStandardInput = $true
    $start.UseShellExecute = $false
    [System.Diagnostics.Process]::Start($start)
}

function Stop-Watchdog([System.Diagnostics.Process] $Process) {
    if (-not $Process -or $Process.HasExited) { return }
    $Process.StandardInput.Close()
    if (-not $Process.WaitForExit(15000)) { $Process.Kill($true) }
}

function Wait-Listening([string[]] $Address, [int] $Port, [System.Diagnostics.Process] $Process, [int] $TimeoutSeconds) {
    $deadline = [datetime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ([datetime]::UtcNow -lt $deadline -and -not $Process.HasExited) {
        $open = @($Address | Where-Object {
                $client = [System.Net.Sockets.TcpClient]::new()
                try { $client.ConnectAsync($_, $Port).Wait(500) -and $client.Connected } catch { $false } finally { $client.Dispose() }
            })
        if ($open.Count -eq $Address.Count) { return $true }
        Start-Sleep -Milliseconds 100
    }
    $false
}

function Get-Descendant([int] $Id) {
    foreach ($file in Get-ChildItem -Path "/proc/$Id/task/*/children" -ErrorAction Ignore) {
        foreach ($child in ((Get-Content -LiteralPath $file.FullName -Raw -ErrorAction Ignore) -split '\s+' | Where-Object { $_ })) {
            [int] $child
            Get-Descendant ([int] $child)
        }
    }
}

Export-ModuleMember -Function Start-LoopbackHosts, New-LoopbackSession, Get-LoopbackProcess, Stop-LoopbackHosts
