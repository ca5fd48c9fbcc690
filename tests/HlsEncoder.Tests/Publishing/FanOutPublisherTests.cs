using HlsEncoder.Backend;
using HlsEncoder.Configuration;
using HlsEncoder.Ladder;
using HlsEncoder.Publishing;
using HlsEncoder.Resilience;
using HlsEncoder.Tests.Infrastructure;
using HlsEncoder.Tests.LocalPlatform;
using HlsEncoder.Upload;
using HlsEncoder.Validation;

namespace HlsEncoder.Tests.Publishing;

/// <summary>
/// The queue of Publish-HlsVideo -Session, with hosts that do the real work in this process (real ffmpeg,
/// the real uploader, the local platform), each on a disk folder of its own. The only thing made up is a
/// host going away (a broken session), which a host here can be told to do after it encoded.
/// </summary>
public sealed class FanOutPublisherTests(LocalPlatformFixture platform) : IClassFixture<LocalPlatformFixture>, IAsyncLifetime, IDisposable
{
    private const string Course = "65a1f0c2e4b0a1b2c3d4e5f6";
    private static readonly RetrySchedule NoWaiting = new([TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero], TimeSpan.Zero);
    private readonly string _root = Directory.CreateTempSubdirectory("hlsenc-fanout-").FullName;
    private readonly RecordingLog _log = new();

    public Task InitializeAsync() => platform.ResetAsync(files: true);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_batch_spreads_over_the_hosts_and_each_video_gets_one_record_of_its_own()
    {
        var both = new CountdownEvent(2);
        var hosts = new[] { Host("host-a", both), Host("host-b", both) };
        var clips = Enumerable.Range(1, 4).Select(n => Clip($"lecture {n}.mp4", seconds: 1, frequency: 300 + (100 * n))).ToArray();

        var results = await RunBatch(hosts, clips);

        var published = results.Select(r => Assert.IsType<PublishResult>(r)).ToArray();
        Assert.Equal(4, (await platform.GetFileRecordsAsync()).Count);
        Assert.Equal(4, published.Select(r => r.Prefix).Distinct().Count());
        Assert.Equal(["host-a", "host-b"], published.Select(r => r.ComputerName).Distinct().Order());
        Assert.Equal(4, hosts.Sum(h => h.Taken.Count));
        foreach (var result in published)
        {
            Assert.StartsWith(Path.Combine(_root, result.ComputerName!), result.PackagePath, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(result.PackagePath, ".upload_state.json.tmp")));
        }
    }

    [Fact]
    public async Task A_video_whose_host_goes_away_goes_to_another_host_and_is_published_once()
    {
        var both = new CountdownEvent(2);
        var lost = Host("host-a", both, lose: 1);
        var kept = Host("host-b", both);
        var clips = Enumerable.Range(1, 3).Select(n => Clip($"week {n}.mp4", seconds: 1, frequency: 500 + (100 * n))).ToArray();

        var results = await RunBatch([lost, kept], clips);

        Assert.All(results, r => Assert.IsType<PublishResult>(r));
        Assert.Equal(3, (await platform.GetFileRecordsAsync()).Count);
        var again = Assert.Single(lost.Taken);
        Assert.Contains(again, kept.Taken);
        Assert.Equal("host-b", results.OfType<PublishResult>().Single(r => Path.GetFileName(r.SourcePath) == again).ComputerName);
        Assert.Contains("The session to host-a broke while it worked on " + again, _log.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_video_that_two_hosts_lose_fails_and_once_no_host_is_left_each_waiting_video_fails()
    {
        var hosts = new[] { Host("host-a", lose: 1), Host("host-b", lose: 1) };
        var clip = Clip("unlucky.mp4", seconds: 1);
        using var publisher = Publisher();
        var batch = new FanOutPublisher(publisher, hosts, (_, _) => new Progress<PublishProgress>(), _log);
        var run = batch.RunAsync(CancellationToken.None);

        var first = batch.Enqueue(Request(clip, "Unlucky"));
        var failure = await Assert.ThrowsAsync<HlsEncoderException>(() => first);
        await run;
        var late = await Assert.ThrowsAsync<HlsEncoderException>(() => batch.Enqueue(Request(Clip("late.mp4", seconds: 1), "Late")));

        Assert.Equal("SessionBroken", failure.ErrorId);
        Assert.Matches("the sessions to (host-a and host-b|host-b and host-a) broke", failure.Message);
        Assert.Equal(0, batch.WorkersLeft);
        Assert.Equal("NoSessionLeft", late.ErrorId);
        Assert.Empty(await platform.GetFileRecordsAsync());
    }

    [Fact]
    public async Task A_rerun_of_a_published_batch_sends_no_video_to_any_host_and_creates_no_record()
    {
        var clips = Enumerable.Range(1, 2).Select(n => Clip($"talk {n}.mp4", seconds: 1, frequency: 700 + (100 * n))).ToArray();
        var first = await RunBatch([Host("host-a"), Host("host-b")], clips);
        await platform.ResetAsync(files: true);
        var idle = new[] { Host("host-c"), Host("host-d") };

        var again = await RunBatch(idle, clips);

        Assert.All(again, r => Assert.True(Assert.IsType<PublishResult>(r).AlreadyPublished));
        Assert.Equal(first.OfType<PublishResult>().Select(r => r.Id).Order(), again.OfType<PublishResult>().Select(r => r.Id).Order());
        Assert.All(idle, h => Assert.Empty(h.Taken));
        Assert.Empty(await platform.GetFileRecordsAsync());
        Assert.Empty(await platform.GetRequestsAsync());
    }

    [Fact]
    public void An_upload_result_survives_the_trip_between_machines_as_json()
    {
        var upload = new UploadResult
        {
            CourseId = Course,
            Language = "en",
            Name = "Week 1",
            Prefix = $"courses/{Course}/en/week-1-0123456789/",
            VideoKey = "week-1-0123456789",
            S3Keys = new S3KeySet { Master = $"courses/{Course}/en/week-1-0123456789/master.m3u8" },
            Qualities = ["720p", "480p"],
            Duration = TimeSpan.FromSeconds(61.5),
            MasterUrl = new Uri("https://cdn.example.org/master.m3u8"),
            PackagePath = "/srv/packages/week-1",
            Uploaded = 12,
            Skipped = 3,
            FailedFiles = [new UploadFailure("720p/seg_001.ts", $"courses/{Course}/en/week-1-0123456789/720p/seg_001.ts", "S3ServerError", FailureKind.ServerError, "HTTP 500")],
            Bytes = 123456,
            Elapsed = TimeSpan.FromSeconds(2),
        };

        var back = UploadResult.FromJson(upload.ToJson());

        Assert.Equal(upload.ToJson(), back.ToJson());
        Assert.Equal(upload.Prefix, back.Prefix);
        Assert.Equal(upload.S3Keys.Master, back.S3Keys.Master);
        Assert.Equal(upload.Qualities, back.Qualities);
        Assert.Equal(upload.Duration, back.Duration);
        Assert.False(back.IsComplete);
        Assert.Equal(upload.FailedFiles, back.FailedFiles);
    }

    /// <summary>Queues the clips in order over the hosts, then waits for each: its result, or its exception.</summary>
    private async Task<object[]> RunBatch(IReadOnlyList<HostWorker> hosts, IReadOnlyList<string> clips)
    {
        using var publisher = Publisher();
        var batch = new FanOutPublisher(publisher, hosts, (_, _) => new Progress<PublishProgress>(), _log);
        var videos = clips.Select(c => batch.Enqueue(Request(c, Path.GetFileNameWithoutExtension(c)))).ToArray();
        batch.Complete();
        await batch.RunAsync(CancellationToken.None);
        var results = new List<object>();
        foreach (var video in videos)
        {
            try
            {
                results.Add(await video);
            }
            catch (HlsEncoderException e)
            {
                results.Add(e);
            }
        }

        return [.. results];
    }

    private HlsPublisher Publisher() =>
        new(new BackendClient(new BackendOptions(new Uri(platform.BackendUrl), new SecretToken(platform.AdminToken)), _log, schedule: NoWaiting), transcriber: null, _log, schedule: NoWaiting);

    private PublishRequest Request(string source, string name) => new()
    {
        SourcePath = source,
        Target = PublishTarget.Create(Course, "en", name),
        Qualities = ["240p"],
        SegmentDuration = TimeSpan.FromSeconds(1),
        CourseFolders = new CourseFolderRegistry(Path.Combine(_root, "state")),
    };

    private HostWorker Host(string name, CountdownEvent? together = null, int lose = 0) =>
        new(name, Path.Combine(_root, name), platform, _log, together) { Lose = lose };

    private string Clip(string relative, int seconds, int frequency = 440) => PublishClips.Make(_root, relative, seconds, frequency);

    /// <summary>
    /// A host as a session drives one: it encodes into a folder of its own and uploads with its own client,
    /// and hands the upload back as JSON. <see cref="Lose"/> videos are lost after encoding, as when the
    /// session breaks; <c>together</c> holds each host's first video until every host has one, so a test
    /// knows that all of them take part.
    /// </summary>
    private sealed class HostWorker(string name, string disk, LocalPlatformFixture platform, RecordingLog log, CountdownEvent? together) : IPublishWorker
    {
        private bool _joined;

        public string ComputerName => name;

        public int Lose { get; set; }

        public List<string> Taken { get; } = [];

        public async Task<RemotePublishOutcome> RunAsync(RemotePublishWork work, IProgress<PublishProgress> progress, CancellationToken cancellationToken)
        {
            Taken.Add(Path.GetFileName(work.Request.SourcePath));
            if (together is not null && !_joined)
            {
                _joined = true;
                together.Signal();
                Assert.True(together.Wait(TimeSpan.FromMinutes(1), cancellationToken), "every host takes a video");
            }

            var package = await new HlsLadderEncoder(log).EncodeAsync(
                new EncodeRequest
                {
                    SourcePath = work.Request.SourcePath,
                    OutputPath = Path.Combine(disk, work.Target.VideoKey!),
                    Qualities = work.Request.Qualities,
                    SegmentDuration = work.Request.SegmentDuration,
                    SourceHash = work.SourceHash,
                },
                null,
                cancellationToken);
            if (Lose > 0)
            {
                Lose--;
                throw new WorkerLostException($"the SSH transport to {name} has abruptly terminated");
            }

            using var backend = new BackendClient(new BackendOptions(new Uri(platform.BackendUrl), new SecretToken(platform.AdminToken)), log, schedule: NoWaiting);
            using var uploader = new HlsUploader(backend, log, schedule: NoWaiting);
            var upload = await uploader.UploadAsync(new UploadRequest { Package = package, Target = work.Target, Layout = work.Target.Layout }, null, cancellationToken);
            return new RemotePublishOutcome(UploadResult.FromJson(upload.ToJson()), TimeSpan.FromSeconds(1), TimeSpan.Zero, TimeSpan.FromSeconds(1));
        }
    }
}
