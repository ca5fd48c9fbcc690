using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Remoting;
using System.Management.Automation.Runspaces;
using HlsEncoder.Backend;
using HlsEncoder.Module.Infrastructure;
using HlsEncoder.Publishing;
using HlsEncoder.Upload;
using HlsEncoder.Validation;

namespace HlsEncoder.Module.Remoting;

/// <summary>
/// A PowerShell session (SSH or WinRM) as a worker of Publish-HlsVideo -Session: it encodes, transcribes and
/// uploads one video at a time with HlsEncoder's own cmdlets on its host. The source is used in place when
/// the host sees the same file (shared storage), else copied into a scratch folder there (Copy-Item
/// -ToSession) and removed after. A session that breaks is reported as <see cref="WorkerLostException"/>,
/// so its video can go to another; the host's messages reach this machine's verbose stream under its name.
/// </summary>
internal sealed class SessionWorker(PSSession session, SessionWorkerOptions options, IOperationLog log) : IPublishWorker
{
    public string ComputerName { get; } = session.ComputerName;

    /// <summary>Makes sure the host has this HlsEncoder version (the one the session imported, else by name), or says how to install it.</summary>
    /// <exception cref="HlsEncoderException">RemoteModuleMissing or RemoteModuleVersion, with the command that fixes it.</exception>
    /// <exception cref="WorkerLostException">The session is not usable.</exception>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var answer = (await InvokeAsync(RemoteScripts.UseModule, new() { ["Version"] = options.ModuleVersion.ToString() }, null, cancellationToken).ConfigureAwait(false)).Single();
        var status = (string)answer.Properties["Status"].Value;
        var found = answer.Properties["Found"].Value as string;
        var install = $"Install it there with Invoke-Command -Session $s {{ Install-PSResource -Name HlsEncoder -Version {options.ModuleVersion} -Repository <your repository> }}, " +
            $"or copy this machine's module: Copy-Item -Recurse -Path '{options.ModuleBase}' -Destination '<a folder on $env:PSModulePath there>/HlsEncoder/{options.ModuleVersion}' -ToSession $s.";
        switch (status)
        {
            case "Ready":
                log.Verbose($"[{ComputerName}] HlsEncoder {found} is ready.");
                return;
            case "OtherVersionLoaded":
                throw new HlsEncoderException(
                    "RemoteModuleVersion", FailureKind.InvalidConfiguration,
                    $"The session to {ComputerName} has HlsEncoder {found} loaded; this machine runs {options.ModuleVersion}, and both must be the same. Open a new session (Remove-PSSession), or install {options.ModuleVersion} there: {install}",
                    ComputerName);
            default:
                throw new HlsEncoderException(
                    "RemoteModuleMissing", FailureKind.NotFound,
                    $"HlsEncoder {options.ModuleVersion} is not installed on {ComputerName}{(string.IsNullOrEmpty(found) ? string.Empty : $" (it has {found})")}. {install}",
                    ComputerName);
        }
    }

    public async Task<RemotePublishOutcome> RunAsync(RemotePublishWork work, IProgress<PublishProgress> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var request = work.Request;
        var local = new FileInfo(request.SourcePath);
        var fileName = local.Name;
        var placed = (await InvokeAsync(RemoteScripts.PlaceSource, new() { ["Path"] = local.FullName, ["Size"] = local.Length }, null, cancellationToken).ConfigureAwait(false)).Single();
        var remoteSource = (string)placed.Properties["Path"].Value;
        var scratch = placed.Properties["Folder"].Value as string;
        var lost = false;
        try
        {
            if (scratch is null)
            {
                log.Verbose($"[{ComputerName}] {fileName}: {remoteSource} is there already (same size): encoding it in place.");
            }
            else
            {
                log.Verbose($"[{ComputerName}] {fileName}: copying it to {remoteSource} ({local.Length / 1048576.0:0.#} MB).");
                await CopyToSessionAsync(local.FullName, remoteSource, cancellationToken).ConfigureAwait(false);
            }

            var answer = (await InvokeAsync(RemoteScripts.Publish, PublishParameters(work, remoteSource), new ProgressMapper(local.FullName, progress), cancellationToken).ConfigureAwait(false)).Single();
            return new RemotePublishOutcome(
                UploadResult.FromJson((string)answer.Properties["Upload"].Value),
                (TimeSpan)answer.Properties["EncodeTime"].Value,
                (TimeSpan)answer.Properties["TranscribeTime"].Value,
                (TimeSpan)answer.Properties["UploadTime"].Value);
        }
        catch (WorkerLostException)
        {
            lost = true;
            throw;
        }
        finally
        {
            // Never write to a session that just broke, even while it still says Opened: PowerShell's SSH
            // transport can then fail to close its pipe to the dead ssh client, and that ends this process.
            if (scratch is not null && !lost && session.Runspace.RunspaceStateInfo.State == RunspaceState.Opened)
            {
                try
                {
                    await InvokeAsync(RemoteScripts.RemoveScratch, new() { ["Folder"] = scratch }, null, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HlsEncoderException or WorkerLostException)
                {
                    log.Warning($"[{ComputerName}] could not remove the copy of {fileName} in {scratch}: {e.Message}");
                }
            }
        }
    }

    private Dictionary<string, object?> PublishParameters(RemotePublishWork work, string remoteSource)
    {
        var request = work.Request;
        var encode = new Hashtable
        {
            ["Quality"] = request.Qualities.ToArray(),
            ["SegmentDuration"] = request.SegmentDuration,
            ["Preset"] = request.Preset,
            // The host's package holds the same extras as a local one would.
            ["NoIFramePlaylist"] = !request.IFramePlaylists,
            ["Download"] = request.Downloads,
            ["NoPoster"] = !request.Poster,
            ["NoStoryboard"] = !request.Storyboard,
        };
        if (request.PosterTime is { } posterTime)
        {
            encode["PosterTime"] = posterTime;
        }

        if (!request.NormalizeLoudness)
        {
            encode["NoLoudnessNormalization"] = true;
        }

        options.AddFfmpeg(encode);
        Hashtable? transcribe = null;
        if (request.Transcription is { } transcription)
        {
            transcribe = new Hashtable { ["Language"] = transcription.Language };
            if (transcription.Prompt is { } prompt)
            {
                transcribe["Prompt"] = prompt;
            }

            if (!transcription.SkipSilence)
            {
                transcribe["NoSilenceSkip"] = true;
            }
            options.AddModel(transcribe);
        }

        var upload = new Hashtable
        {
            ["CourseId"] = work.Target.CourseId,
            ["Name"] = work.Target.Name,
            ["Language"] = work.Target.Language,
            ["KeyLayout"] = work.Target.Layout.ToString(),
            ["ThrottleLimit"] = request.ThrottleLimit,
            ["BackendUrl"] = options.BackendUrl,
        };
        if (options.DeleteLocal)
        {
            upload["DeleteLocal"] = true;
        }

        return new()
        {
            ["Source"] = remoteSource,
            ["OutputPath"] = request.WorkerOutputPath,
            ["PackageName"] = VideoKey.For(work.Target.Name, work.SourceHash),
            ["Encode"] = encode,
            ["Transcribe"] = transcribe,
            ["Upload"] = upload,
            ["Settings"] = new Hashtable(options.Settings.ToDictionary(s => s.Key, s => (object?)s.Value)),
            ["Token"] = options.Token,
            ["VerbosePreference"] = options.Verbose ? ActionPreference.Continue : ActionPreference.SilentlyContinue,
            ["DebugPreference"] = options.Debug ? ActionPreference.Continue : ActionPreference.SilentlyContinue,
        };
    }

    /// <summary>Copy-Item -ToSession, in a runspace of its own on this machine.</summary>
    private async Task CopyToSessionAsync(string source, string destination, CancellationToken cancellationToken)
    {
        using var copy = PowerShell.Create();
        copy.AddCommand("Microsoft.PowerShell.Management\\Copy-Item")
            .AddParameter("LiteralPath", source)
            .AddParameter("Destination", destination)
            .AddParameter("ToSession", session)
            .AddParameter("ErrorAction", "Stop");
        await RunAsync(copy, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<PSObject>> InvokeAsync(string script, Dictionary<string, object?> parameters, ProgressMapper? progress, CancellationToken cancellationToken)
    {
        if (session.Runspace.RunspaceStateInfo.State != RunspaceState.Opened)
        {
            throw new WorkerLostException($"the session is {session.Runspace.RunspaceStateInfo.State}");
        }

        using var shell = PowerShell.Create();
        shell.Runspace = session.Runspace;
        shell.AddScript(script);
        foreach (var (name, value) in parameters)
        {
            shell.AddParameter(name, value);
        }

        return await RunAsync(shell, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a pipeline, passing its messages on under the host's name; Ctrl+C stops it there.</summary>
    private async Task<IReadOnlyList<PSObject>> RunAsync(PowerShell shell, ProgressMapper? progress, CancellationToken cancellationToken)
    {
        shell.Streams.Verbose.DataAdded += (_, e) => log.Verbose($"[{ComputerName}] {shell.Streams.Verbose[e.Index].Message}");
        shell.Streams.Warning.DataAdded += (_, e) => log.Warning($"[{ComputerName}] {shell.Streams.Warning[e.Index].Message}");
        shell.Streams.Debug.DataAdded += (_, e) => log.Debug($"[{ComputerName}] {shell.Streams.Debug[e.Index].Message}");
        if (progress is not null)
        {
            shell.Streams.Progress.DataAdded += (_, e) => progress.Report(shell.Streams.Progress[e.Index]);
        }

        var output = new PSDataCollection<PSObject>();
        output.DataAdded += (_, e) => Relay(output[e.Index]);
        using var stop = cancellationToken.Register(() => shell.BeginStop(null, null));
        try
        {
            var pending = shell.BeginInvoke<PSObject, PSObject>(null, output);
            await Task.Factory.FromAsync(pending, shell.EndInvoke).ConfigureAwait(false);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped on purpose (Ctrl+C, or another video's refused token): however the host reports its
            // stopped pipeline (PipelineStoppedException, or a remote error with that id), it is a stop.
            throw new OperationCanceledException(cancellationToken);
        }
        catch (Exception e) when (IsLost(e))
        {
            throw new WorkerLostException(e.Message, e);
        }
        catch (RuntimeException e) when (e.ErrorRecord is { } record)
        {
            throw Failure(record);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return [.. output.Where(o => Record(o) is null)];
    }

    /// <summary>Passes on a warning, verbose or debug record that the host sent among the output (a script redirected it).</summary>
    private void Relay(PSObject item)
    {
        if (Record(item) is not { } kind)
        {
            return;
        }

        // Serialized for remoting, a record's text is InformationalRecord_Message.
        var message = (item.Properties["InformationalRecord_Message"] ?? item.Properties["Message"])?.Value as string ?? item.ToString();

        message = $"[{ComputerName}] {message}";
        switch (kind)
        {
            case "Warning":
                log.Warning(message);
                break;
            case "Verbose":
                log.Verbose(message);
                break;
            default:
                log.Debug(message);
                break;
        }
    }

    /// <summary>Warning, Verbose or Debug for such a record (as deserialized), else null.</summary>
    private static string? Record(PSObject item) => item.TypeNames.FirstOrDefault() switch
    {
        { } name when name.EndsWith(".WarningRecord", StringComparison.Ordinal) => "Warning",
        { } name when name.EndsWith(".VerboseRecord", StringComparison.Ordinal) => "Verbose",
        { } name when name.EndsWith(".DebugRecord", StringComparison.Ordinal) => "Debug",
        _ => null,
    };

    /// <summary>A transport that went away, or a session that broke under the call: the video can go to another session.</summary>
    private bool IsLost(Exception e) =>
        e is PSRemotingTransportException or PSRemotingDataStructureException or InvalidRunspaceStateException
        || session.Runspace.RunspaceStateInfo.State is RunspaceState.Broken or RunspaceState.Closed or RunspaceState.Closing;

    /// <summary>The host's error as this machine's: its ErrorId and message, under the host's name; a refused token as such.</summary>
    private HlsEncoderException Failure(ErrorRecord record)
    {
        var errorId = record.FullyQualifiedErrorId.Split(',')[0];
        var message = $"[{ComputerName}] {record.ErrorDetails?.Message ?? record.Exception.Message}";
        return errorId switch
        {
            "BackendUnauthorized" => new BackendException(errorId, FailureKind.AuthenticationFailed, message, 401, 1, record.TargetObject),
            "BackendForbidden" => new BackendException(errorId, FailureKind.PermissionDenied, message, 403, 1, record.TargetObject),
            _ => new HlsEncoderException(errorId, ErrorRecords.Kind(record.CategoryInfo.Category), message, record.TargetObject?.ToString()),
        };
    }

    /// <summary>The host's progress bars (encoding, transcribing, uploading) as the video's phases.</summary>
    private sealed class ProgressMapper(string sourcePath, IProgress<PublishProgress> progress)
    {
        public void Report(ProgressRecord record)
        {
            PublishPhase? phase = record.Activity switch
            {
                { } a when a.StartsWith("Encoding ", StringComparison.Ordinal) => PublishPhase.Encoding,
                { } a when a.StartsWith("Transcribing ", StringComparison.Ordinal) => PublishPhase.Transcription,
                { } a when a.StartsWith("Uploading to ", StringComparison.Ordinal) => PublishPhase.Upload,
                _ => null,
            };
            if (phase is { } known && record.PercentComplete >= 0)
            {
                progress.Report(new PublishProgress(
                    sourcePath, known, PublishPhaseWeights.Overall(known, record.PercentComplete), record.PercentComplete, record.StatusDescription,
                    record.SecondsRemaining > 0 ? TimeSpan.FromSeconds(record.SecondsRemaining) : null));
            }
        }
    }
}
