using System.Security.Cryptography;
using HlsEncoder.Resilience;
using HlsEncoder.TestAssets;
using HlsEncoder.Tests.Infrastructure;
using HlsEncoder.Transcription;

namespace HlsEncoder.Tests.Transcription;

/// <summary>Save-WhisperModel's engine against a local HTTP server that serves the tiny model (no real model can be downloaded here).</summary>
public sealed class WhisperModelDownloaderTests : IAsyncLifetime
{
    private const string Name = "tiny-test";
    private static readonly RetrySchedule NoWait = new([TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero], TimeSpan.Zero);

    private readonly string _root = Directory.CreateTempSubdirectory("hlsenc-models-").FullName;
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly RecordingLog _log = new();
    private ModelFileServer _server = null!;
    private string _sha1 = string.Empty;

    private string Cache => Path.Combine(_root, "cache");

    private string Destination => Path.Combine(Cache, "ggml-tiny-test.bin");

    public Task InitializeAsync()
    {
        var model = Path.Combine(_root, "served.bin");
        TinyWhisperModel.Write(model, seed: 3);
        var bytes = File.ReadAllBytes(model);
        _sha1 = Convert.ToHexString(SHA1.HashData(bytes)).ToLowerInvariant();
        _server = new ModelFileServer(bytes, "ggml-tiny-test.bin");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Downloads_verifies_and_moves_the_model_into_the_cache()
    {
        var progress = new Recorder<ModelDownloadProgress>();

        var saved = await Downloader().SaveAsync(Request(), progress, CancellationToken.None);

        Assert.Equal(_server.Content, await File.ReadAllBytesAsync(Destination));
        Assert.Equal((Name, Destination, (long)_server.Content.Length, _sha1, true), (saved.Name, saved.ModelPath, saved.Size, saved.Sha1, saved.Downloaded));
        Assert.Equal(Convert.ToHexString(SHA256.HashData(_server.Content)).ToLowerInvariant(), saved.Sha256);
        Assert.Equal($"{_server.BaseUrl}/ggml-tiny-test.bin", saved.Url);
        Assert.Equal(["ggml-tiny-test.bin"], Directory.GetFiles(Cache).Select(Path.GetFileName));
        Assert.Equal([null], _server.Ranges);
        Assert.Equal(_server.Content.Length, progress.Items[^1].BytesReceived);
        Assert.All(progress.Items.Where(p => p.Activity is null), p => Assert.Equal(_server.Content.Length, p.TotalBytes));
    }

    [Fact]
    public async Task Resumes_a_partial_download_left_by_an_earlier_run()
    {
        Directory.CreateDirectory(Cache);
        await File.WriteAllBytesAsync(Destination + ".partial", _server.Content[..3_000_000]);

        var saved = await Downloader().SaveAsync(Request(), null, CancellationToken.None);

        Assert.Equal(["bytes=3000000-"], _server.Ranges);
        Assert.Equal(_sha1, saved.Sha1);
        Assert.Equal(_server.Content, await File.ReadAllBytesAsync(Destination));
        Assert.False(File.Exists(Destination + ".partial"));
        Assert.Contains("Resuming the download of tiny-test at 2.9 MiB", _log.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_is_followed_with_the_range_kept()
    {
        Directory.CreateDirectory(Cache);
        await File.WriteAllBytesAsync(Destination + ".partial", _server.Content[..1_000_000]);
        _server.Plan = n => n == 0 ? new ServedResponse { RedirectTo = $"{_server.BaseUrl}/ggml-tiny-test.bin?cdn=1" } : new ServedResponse();

        var saved = await Downloader().SaveAsync(Request(), null, CancellationToken.None);

        Assert.Equal(["bytes=1000000-", "bytes=1000000-"], _server.Ranges);
        Assert.Equal(_sha1, saved.Sha1);
    }

    [Fact]
    public async Task A_dropped_connection_is_resumed_in_the_same_run()
    {
        _server.Plan = n => n < 2 ? new ServedResponse { CloseAfter = 1_000_000 } : new ServedResponse();

        var saved = await Downloader().SaveAsync(Request(), null, CancellationToken.None);

        Assert.Equal([null, "bytes=1000000-", "bytes=2000000-"], _server.Ranges);
        Assert.True(saved.Downloaded);
        Assert.Equal(_server.Content, await File.ReadAllBytesAsync(Destination));
    }

    [Fact]
    public async Task A_stalled_transfer_counts_as_a_failure_and_is_resumed()
    {
        var time = new ObservedTimeProvider();
        _server.Plan = n => n == 0 ? new ServedResponse { StallAfter = 500_000 } : new ServedResponse();
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = new Recorder<ModelDownloadProgress>(p =>
        {
            if (p.BytesReceived == 500_000)
            {
                received.TrySetResult();
            }
        });

        var download = Downloader(time, TimeSpan.FromSeconds(60)).SaveAsync(Request(), progress, CancellationToken.None);
        await _server.Stalled.WaitAsync(TimeSpan.FromSeconds(30));
        await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(download.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(60));
        var saved = await download.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([null, "bytes=500000-"], _server.Ranges);
        Assert.Equal(_sha1, saved.Sha1);
        Assert.Contains("no data for 60 s", _log.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_ignores_ranges_makes_it_start_over()
    {
        Directory.CreateDirectory(Cache);
        await File.WriteAllBytesAsync(Destination + ".partial", _server.Content[..1_000_000]);
        _server.Plan = _ => new ServedResponse { IgnoreRange = true };

        var saved = await Downloader().SaveAsync(Request(), null, CancellationToken.None);

        Assert.Equal(["bytes=1000000-"], _server.Ranges);
        Assert.Equal(_sha1, saved.Sha1);
        Assert.Equal(_server.Content, await File.ReadAllBytesAsync(Destination));
    }

    [Fact]
    public async Task A_partial_file_of_another_version_is_discarded_once_and_downloaded_again()
    {
        Directory.CreateDirectory(Cache);
        var stale = _server.Content[..2_000_000].ToArray();
        stale[100] ^= 0xff;
        await File.WriteAllBytesAsync(Destination + ".partial", stale);

        var saved = await Downloader().SaveAsync(Request(), null, CancellationToken.None);

        Assert.Equal(["bytes=2000000-", null], _server.Ranges);
        Assert.Equal(_sha1, saved.Sha1);
    }

    [Fact]
    public async Task A_checksum_mismatch_is_an_error_and_keeps_nothing()
    {
        var wrong = new string('0', 40);

        var error = await Assert.ThrowsAsync<HlsEncoderException>(() => Downloader().SaveAsync(Request(sha1: wrong), null, CancellationToken.None));

        Assert.Equal("ModelChecksumMismatch", error.ErrorId);
        Assert.Contains($"got SHA-1 {_sha1}", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Cache));
    }

    [Fact]
    public async Task A_known_model_name_is_checked_against_its_published_sha1()
    {
        await using var server = new ModelFileServer(_server.Content, "ggml-tiny.bin");

        var error = await Assert.ThrowsAsync<HlsEncoderException>(() =>
            Downloader().SaveAsync(new ModelDownloadRequest { Name = "tiny", CacheFolder = Cache, BaseUrl = server.BaseUrl.ToString() }, null, CancellationToken.None));

        Assert.Equal("ModelChecksumMismatch", error.ErrorId);
        Assert.Contains("SHA-1", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Cache, "ggml-tiny.bin")));
    }

    [Fact]
    public async Task A_verified_model_in_the_cache_is_not_downloaded_again_unless_forced()
    {
        await Downloader().SaveAsync(Request(), null, CancellationToken.None);
        var written = File.GetLastWriteTimeUtc(Destination);

        var again = await Downloader().SaveAsync(Request(), null, CancellationToken.None);
        Assert.False(again.Downloaded);
        Assert.Equal(_sha1, again.Sha1);
        Assert.Single(_server.Ranges);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Destination));

        var forced = await Downloader().SaveAsync(Request(force: true), null, CancellationToken.None);
        Assert.True(forced.Downloaded);
        Assert.Equal(2, _server.Ranges.Count);
    }

    [Fact]
    public async Task A_damaged_model_in_the_cache_is_downloaded_again()
    {
        Directory.CreateDirectory(Cache);
        await File.WriteAllBytesAsync(Destination, _server.Content[..1000]);

        var saved = await Downloader().SaveAsync(Request(), null, CancellationToken.None);

        Assert.True(saved.Downloaded);
        Assert.Equal(_server.Content, await File.ReadAllBytesAsync(Destination));
        Assert.Contains("does not match the SHA-1", _log.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retries_a_server_error_and_gives_up_after_the_schedule()
    {
        _server.Plan = n => n == 0 ? new ServedResponse { Status = 503 } : new ServedResponse();
        Assert.True((await Downloader().SaveAsync(Request(), null, CancellationToken.None)).Downloaded);
        Assert.Equal(2, _server.Ranges.Count);

        _server.Plan = _ => new ServedResponse { Status = 502 };
        var error = await Assert.ThrowsAsync<HlsEncoderException>(() => Downloader().SaveAsync(Request(force: true), null, CancellationToken.None));
        Assert.Equal("ModelDownloadFailed", error.ErrorId);
        Assert.Equal(2 + 4, _server.Ranges.Count);
        Assert.Contains("HTTP 502", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_on_the_server_is_not_retried()
    {
        var error = await Assert.ThrowsAsync<HlsEncoderException>(() =>
            Downloader().SaveAsync(new ModelDownloadRequest { Name = "other", CacheFolder = Cache, BaseUrl = _server.BaseUrl.ToString(), Sha1 = _sha1 }, null, CancellationToken.None));

        Assert.Equal("ModelNotFoundOnServer", error.ErrorId);
        Assert.Single(_server.Ranges);
    }

    [Fact]
    public async Task An_unknown_model_needs_a_checksum_and_can_be_pinned_by_sha256()
    {
        var refused = await Assert.ThrowsAsync<HlsEncoderException>(() =>
            Downloader().SaveAsync(new ModelDownloadRequest { Name = Name, CacheFolder = Cache, BaseUrl = _server.BaseUrl.ToString() }, null, CancellationToken.None));
        Assert.Equal("ModelChecksumUnknown", refused.ErrorId);
        Assert.Empty(_server.Ranges);

        var sha256 = Convert.ToHexString(SHA256.HashData(_server.Content));
        var saved = await Downloader().SaveAsync(new ModelDownloadRequest { Name = Name, CacheFolder = Cache, BaseUrl = _server.BaseUrl.ToString(), Sha256 = sha256 }, null, CancellationToken.None);
        Assert.Equal(sha256.ToLowerInvariant(), saved.Sha256);
    }

    [Fact]
    public async Task A_download_already_running_elsewhere_is_an_error()
    {
        Directory.CreateDirectory(Cache);
        await using var other = new FileStream(Destination + ".partial", FileMode.Create, FileAccess.ReadWrite, FileShare.None);

        var error = await Assert.ThrowsAsync<HlsEncoderException>(() => Downloader().SaveAsync(Request(), null, CancellationToken.None));

        Assert.Equal("ModelDownloadInProgress", error.ErrorId);
        Assert.Empty(_server.Ranges);
    }

    [Fact]
    public async Task A_file_that_is_not_a_model_is_refused_even_with_its_checksum()
    {
        var page = "<!DOCTYPE html><html><body>Sign in to download</body></html>"u8.ToArray();
        await using var server = new ModelFileServer(page, "ggml-tiny-test.bin");

        var error = await Assert.ThrowsAsync<HlsEncoderException>(() => Downloader().SaveAsync(
            new ModelDownloadRequest { Name = Name, CacheFolder = Cache, BaseUrl = server.BaseUrl.ToString(), Sha1 = Convert.ToHexString(SHA1.HashData(page)) },
            null,
            CancellationToken.None));

        Assert.Equal("ModelInvalid", error.ErrorId);
        Assert.Empty(Directory.GetFiles(Cache));
    }

    [Theory]
    [InlineData("https://mirror.example.com/whisper", null)]
    [InlineData("http://127.0.0.1:8080/models", null)]
    [InlineData("http://localhost/models", null)]
    [InlineData("http://mirror.example.com/whisper", "uses http:// for a remote host")]
    [InlineData("ftp://mirror.example.com/whisper", "not an absolute http(s) URL")]
    [InlineData("mirror.example.com", "not an absolute http(s) URL")]
    [InlineData("https://user:pw@mirror.example.com/", "must not carry")]
    public void Base_urls_must_be_https_unless_local(string url, string? problem)
    {
        var found = WhisperModelDownloader.CheckBaseUrl(url);

        if (problem is null)
        {
            Assert.Null(found);
            Assert.Equal($"{url.TrimEnd('/')}/ggml-base.en.bin", WhisperModelDownloader.ResolveUrl("Base.EN", url).ToString());
        }
        else
        {
            Assert.Contains(problem, found, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Official_models_come_from_their_own_repository()
    {
        Assert.Equal("https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-large-v3-turbo.bin", WhisperModelDownloader.ResolveUrl("large-v3-turbo", null).ToString());
        Assert.Equal("https://huggingface.co/akashmjn/tinydiarize-whisper.cpp/resolve/main/ggml-small.en-tdrz.bin", WhisperModelDownloader.ResolveUrl("small.en-tdrz", null).ToString());
        Assert.Throws<HlsEncoderException>(() => WhisperModelDownloader.ResolveUrl("../etc/passwd", null));
    }

    private WhisperModelDownloader Downloader(TimeProvider? time = null, TimeSpan? stall = null) => new(_http, _log, time, NoWait, stall);

    private ModelDownloadRequest Request(string? sha1 = null, bool force = false) =>
        new() { Name = Name, CacheFolder = Cache, BaseUrl = _server.BaseUrl.ToString(), Sha1 = sha1 ?? _sha1, Force = force };
}

/// <summary>Keeps every report, in order, from any thread.</summary>
public sealed class Recorder<T>(Action<T>? onReport = null) : IProgress<T>
{
    private readonly List<T> _items = [];

    public IReadOnlyList<T> Items
    {
        get
        {
            lock (_items)
            {
                return _items.ToArray();
            }
        }
    }

    public void Report(T value)
    {
        lock (_items)
        {
            _items.Add(value);
        }

        onReport?.Invoke(value);
    }
}
