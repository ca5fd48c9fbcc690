using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using HlsEncoder.Backend;
using HlsEncoder.Configuration;
using HlsEncoder.Packaging;
using HlsEncoder.Publishing;
using HlsEncoder.Resilience;
using HlsEncoder.Tests.Infrastructure;
using HlsEncoder.Tests.LocalPlatform;
using HlsEncoder.Upload;
using HlsEncoder.Validation;

namespace HlsEncoder.Tests.Publishing;

/// <summary>The whole job against the local platform: real ffmpeg, a real backend and S3. No transcription (its own tests cover it).</summary>
public sealed class HlsPublisherTests(LocalPlatformFixture platform) : IClassFixture<LocalPlatformFixture>, IAsyncLifetime, IDisposable
{
    private const string CourseA = "65a1f0c2e4b0a1b2c3d4e5f6";
    private const string CourseB = "0123456789abcdef01234567";
    private static readonly RetrySchedule NoWaiting = new([TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero], TimeSpan.Zero);
    private readonly string _root = Directory.CreateTempSubdirectory("hlsenc-publish-").FullName;
    private readonly RecordingLog _log = new();

    private CourseFolderRegistry CourseFolders => new(Path.Combine(_root, "state"));

    public Task InitializeAsync() => platform.ResetAsync(files: true);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_video_is_published_in_a_folder_of_its_own_named_after_its_name_and_content()
    {
        var source = Clip("week 1.mp4", seconds: 2);

        var result = await Publish(source, CourseA, "Week 1: Introduction");

        var hash = await ContentHash.OfFileAsync(source, CancellationToken.None);
        var prefix = $"courses/{CourseA}/en/week-1-introduction-{hash[..10]}/";
        Assert.Equal(prefix, result.Prefix);
        Assert.Equal("week-1-introduction-" + hash[..10], result.VideoKey);
        Assert.Equal(S3KeyLayout.Video, result.KeyLayout);
        Assert.False(result.AlreadyPublished);
        var stored = Assert.Single(await platform.GetFileRecordsAsync());
        Assert.Equal(prefix + "master.m3u8", stored["s3Keys"]!["master"]!.GetValue<string>());
        Assert.Equal(prefix + "240p/index.m3u8", stored["s3Keys"]!["qualities"]!["240p"]!.GetValue<string>());
        Assert.All((await platform.GetS3PutCountsAsync()).Keys, key => Assert.StartsWith(prefix, key, StringComparison.Ordinal));
        Assert.Equal(hash, PackageManifest.Read(result.PackagePath).Source.Sha256);
        var state = State(result.PackagePath);
        Assert.Equal(2, state["version"]!.GetValue<int>());
        Assert.Equal(prefix, Assert.Single(state["publications"]!.AsArray())!["prefix"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_rerun_of_a_published_video_sends_nothing_and_returns_the_same_record()
    {
        var source = Clip("lecture.mp4", seconds: 2);
        var first = await Publish(source, CourseA, "Lecture");
        await platform.ResetAsync();

        var again = await Publish(source, CourseA, "Lecture");

        Assert.True(again.AlreadyPublished);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(first.Prefix, again.Prefix);
        Assert.Empty(await platform.GetRequestsAsync());
        Assert.Contains("already published as 'Lecture' in " + first.Prefix, _log.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_course_gets_its_own_record_and_folder_from_the_same_package_without_encoding_again()
    {
        var source = Clip("lecture.mp4", seconds: 2);
        var first = await Publish(source, CourseA, "Lecture");
        var encodedAt = PackageManifest.Read(first.PackagePath).CreatedAt;

        var second = await Publish(source, CourseB, "Lecture");
        var third = await Publish(source, CourseA, "Lecture", language: "fr");

        Assert.Equal(3, (await platform.GetFileRecordsAsync()).Count);
        Assert.Equal([$"courses/{CourseA}/en/", $"courses/{CourseB}/en/", $"courses/{CourseA}/fr/"], new[] { first, second, third }.Select(r => r.Prefix[..^(first.VideoKey!.Length + 1)]));
        Assert.Equal(first.VideoKey, second.VideoKey);
        Assert.Equal(encodedAt, PackageManifest.Read(first.PackagePath).CreatedAt);
        Assert.Equal(2, _log.Lines.Count(l => l.Contains($"Skipped {source}: ", StringComparison.Ordinal)));
        Assert.Equal(3, State(first.PackagePath)["publications"]!.AsArray().Count);
        using var stillThere = await platform.Http.GetAsync($"{platform.PublicBaseUrl}/{first.S3Keys.Master}");
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    [Fact]
    public async Task Two_videos_under_the_same_name_never_share_a_folder()
    {
        var a = Clip(Path.Combine("a", "intro.mp4"), seconds: 2, frequency: 440);
        var b = Clip(Path.Combine("b", "intro.mp4"), seconds: 2, frequency: 880);

        var first = await Publish(a, CourseA, "Intro");
        var second = await Publish(b, CourseA, "Intro");

        Assert.NotEqual(first.Prefix, second.Prefix);
        Assert.StartsWith("intro-", first.VideoKey, StringComparison.Ordinal);
        Assert.StartsWith("intro-", second.VideoKey, StringComparison.Ordinal);
        Assert.Equal(2, (await platform.GetFileRecordsAsync()).Select(r => r["s3Keys"]!["master"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public async Task A_publication_of_version_0_1_stays_published_where_it_is()
    {
        var source = Clip("legacy.mp4", seconds: 2);
        var packagePath = Path.Combine(Path.GetDirectoryName(source)!, "legacy");
        var file = new FileInfo(source);
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(source)!, ".legacy.publish.json"), JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["version"] = 1,
            ["sourcePath"] = file.FullName,
            ["sourceSize"] = file.Length,
            ["sourceLastWriteTimeUtc"] = file.LastWriteTimeUtc,
            ["courseId"] = CourseA,
            ["language"] = "en",
            ["name"] = "Legacy",
            ["prefix"] = $"courses/{CourseA}/en/",
            // As 0.1.0 wrote it: the record with .NET's property names.
            ["fileRecord"] = new Dictionary<string, object> { ["Id"] = "0123456789abcdef0123abcd", ["Name"] = "Legacy", ["CourseId"] = CourseA, ["Language"] = "en", ["S3Keys"] = new Dictionary<string, object> { ["master"] = $"courses/{CourseA}/en/master.m3u8" } },
            ["completedAt"] = DateTimeOffset.UtcNow.AddDays(-1),
        }));

        var result = await Publish(source, CourseA, "Legacy");
        var elsewhere = await Publish(source, CourseB, "Legacy");

        Assert.True(result.AlreadyPublished);
        Assert.Equal(("0123456789abcdef0123abcd", $"courses/{CourseA}/en/", S3KeyLayout.Course), (result.Id, result.Prefix, result.KeyLayout));
        Assert.False(elsewhere.AlreadyPublished);
        Assert.Equal(S3KeyLayout.Video, elsewhere.KeyLayout);
        Assert.Single(await platform.GetFileRecordsAsync());
        Assert.Equal(2, State(packagePath)["publications"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_run_killed_after_the_record_was_made_finishes_without_making_another()
    {
        var source = Clip("lecture.mp4", seconds: 2);
        var first = await Publish(source, CourseA, "Lecture");
        var statePath = Path.Combine(Path.GetDirectoryName(source)!, ".lecture.publish.json");
        var state = State(first.PackagePath);
        state["publications"]![0]!.AsObject().Remove("completedAt");
        File.WriteAllText(statePath, state.ToJsonString());
        await platform.ResetAsync();

        var resumed = await Publish(source, CourseA, "Lecture");

        Assert.False(resumed.AlreadyPublished);
        Assert.Equal(first.Id, resumed.Id);
        Assert.Single(await platform.GetFileRecordsAsync());
        Assert.DoesNotContain(await platform.GetRequestsAsync(), r => r.Route == "files");
        Assert.Contains("was created by an earlier run; not creating another", _log.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_source_is_refused_where_it_was_published_and_forced_goes_to_a_new_folder()
    {
        var source = Clip("lecture.mp4", seconds: 2, frequency: 440);
        var first = await Publish(source, CourseA, "Lecture");
        Clip("lecture.mp4", seconds: 3, frequency: 660);

        var refused = await Assert.ThrowsAsync<HlsEncoderException>(() => Publish(source, CourseA, "Lecture"));
        var forced = await Publish(source, CourseA, "Lecture", force: true);

        Assert.Equal("SourceChangedSincePublished", refused.ErrorId);
        Assert.Contains($"File record {first.Id}", refused.Message, StringComparison.Ordinal);
        Assert.NotEqual(first.Prefix, forced.Prefix);
        Assert.NotEqual(first.Id, forced.Id);
        Assert.Equal(3, Math.Round(forced.FileRecord.Duration / 1.0));
    }

    [Fact]
    public async Task The_course_layout_writes_the_flat_folder_and_refuses_a_different_video_there_unless_forced()
    {
        var a = Clip("session-1.mp4", seconds: 2, frequency: 440);
        var b = Clip("session-2.mp4", seconds: 2, frequency: 880);

        var first = await Publish(a, CourseA, "Session 1", layout: S3KeyLayout.Course);
        var requestsBefore = (await platform.GetRequestsAsync()).Count;
        var refused = await Assert.ThrowsAsync<HlsEncoderException>(() => Publish(b, CourseA, "Session 2", layout: S3KeyLayout.Course));
        var requestsAfterRefusal = (await platform.GetRequestsAsync()).Count;
        var forced = await Publish(b, CourseA, "Session 2", layout: S3KeyLayout.Course, force: true);

        Assert.Equal(($"courses/{CourseA}/en/", S3KeyLayout.Course, null), (first.Prefix, first.KeyLayout, first.VideoKey));
        Assert.Equal($"courses/{CourseA}/en/master.m3u8", first.S3Keys.Master);
        Assert.Equal("CourseFolderInUse", refused.ErrorId);
        Assert.Contains("'Session 1'", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"File record {first.Id}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("'Session 2'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("-KeyLayout Video", refused.Message, StringComparison.Ordinal);
        Assert.Equal(requestsBefore, requestsAfterRefusal);
        Assert.Equal(first.Prefix, forced.Prefix);
        Assert.Contains("WARNING: Replacing 'Session 1'", _log.All, StringComparison.Ordinal);
        Assert.Contains(forced.Id, File.ReadAllText(Path.Combine(CourseFolders.Folder, $"{CourseA}.en.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_publish_of_the_same_package_meanwhile_is_refused_naming_the_first()
    {
        var source = Clip("lecture.mp4", seconds: 2);
        using var held = PackageLock.Hold(Path.Combine(Path.GetDirectoryName(source)!, "lecture"), "publishing lecture.mp4 as 'Lecture' to course X (en)", "PublicationInProgress", _log);

        // Another runspace's work starts from its own thread: a flow that does not share this one's hold.
        Task<PublishResult> other;
        using (ExecutionContext.SuppressFlow())
        {
            other = Task.Run(() => Publish(source, CourseA, "Lecture"));
        }

        var refused = await Assert.ThrowsAsync<HlsEncoderException>(() => other);

        Assert.Equal("PublicationInProgress", refused.ErrorId);
        Assert.Contains($"process {Environment.ProcessId}", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await platform.GetRequestsAsync());
    }

    private async Task<PublishResult> Publish(string source, string courseId, string name, string language = "en", S3KeyLayout layout = S3KeyLayout.Video, bool force = false)
    {
        using var backend = new BackendClient(new BackendOptions(new Uri(platform.BackendUrl), new SecretToken(platform.AdminToken)), _log, schedule: NoWaiting);
        using var publisher = new HlsPublisher(backend, transcriber: null, _log, schedule: NoWaiting);
        return await publisher.PublishAsync(
            new PublishRequest
            {
                SourcePath = source,
                Target = PublishTarget.Create(courseId, language, name),
                Qualities = ["240p"],
                SegmentDuration = TimeSpan.FromSeconds(2),
                Layout = layout,
                Force = force,
                CourseFolders = CourseFolders,
            },
            null,
            CancellationToken.None);
    }

    private string Clip(string relative, int seconds, int frequency = 440) => PublishClips.Make(_root, relative, seconds, frequency);

    private static JsonNode State(string packagePath) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(packagePath)!, $".{Path.GetFileName(packagePath)}.publish.json")))!;
}
