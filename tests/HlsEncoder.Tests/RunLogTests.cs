using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace HlsEncoder.Tests;

public sealed class RunLogTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hlsenc-runlog-").FullName;

    private string LogFile => Path.Combine(_folder, "logs", "runs.jsonl");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Each_event_is_one_json_line_with_the_time_the_run_and_its_own_fields()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 9, 30, 0, TimeSpan.Zero));
        using (var log = RunLog.Open(LogFile, "Publish-HlsVideo", time))
        {
            log.Write("phase.start", Fields(("phase", "encode"), ("qualities", new[] { "720p", "480p" })));
            time.Advance(TimeSpan.FromSeconds(2.5));
            log.Write("phase.end", Fields(("phase", "encode"), ("seconds", 2.5), ("skipped", false), ("nothing", null)));
        }

        var lines = File.ReadAllLines(LogFile);
        Assert.Equal(2, lines.Length);
        var first = JsonDocument.Parse(lines[0]).RootElement;
        var second = JsonDocument.Parse(lines[1]).RootElement;
        Assert.Equal("phase.start", first.GetProperty("event").GetString());
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 9, 30, 0, TimeSpan.Zero), first.GetProperty("time").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 9, 30, 2, 500, TimeSpan.Zero), second.GetProperty("time").GetDateTimeOffset());
        Assert.Equal("Publish-HlsVideo", first.GetProperty("command").GetString());
        Assert.Equal(Environment.ProcessId, first.GetProperty("pid").GetInt32());
        Assert.Equal(Environment.MachineName, first.GetProperty("host").GetString());
        Assert.Equal(first.GetProperty("run").GetString(), second.GetProperty("run").GetString());
        Assert.Equal(["720p", "480p"], first.GetProperty("qualities").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2.5, second.GetProperty("seconds").GetDouble());
        Assert.False(second.GetProperty("skipped").GetBoolean());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nothing").ValueKind);
    }

    [Fact]
    public void A_second_run_appends_with_its_own_run_id()
    {
        string firstRun, secondRun;
        using (var log = RunLog.Open(LogFile, "Invoke-HlsEncode"))
        {
            firstRun = log.RunId;
            log.Write("run.start", Fields());
        }

        using (var log = RunLog.Open(LogFile, "Invoke-HlsEncode"))
        {
            secondRun = log.RunId;
            log.Write("run.start", Fields());
        }

        var runs = File.ReadAllLines(LogFile).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("run").GetString()).ToArray();
        Assert.NotEqual(firstRun, secondRun);
        Assert.Equal(new[] { firstRun, secondRun }, runs);
    }

    [Fact]
    public async Task Many_writers_on_one_file_never_interleave_or_overwrite_a_line()
    {
        // Separate opens of one file behave as separate processes do: each has its own file offset, and
        // only O_APPEND keeps their writes from landing on one another. Lines longer than a pipe buffer
        // (4 KiB) show that a write is not split.
        const int writers = 6, linesEach = 200;
        var logs = Enumerable.Range(0, writers).Select(_ => RunLog.Open(LogFile, "Send-HlsToS3")).ToArray();
        try
        {
            await Task.WhenAll(logs.Select((log, w) => Task.Run(() =>
            {
                for (var i = 0; i < linesEach; i++)
                {
                    log.Write("file.uploaded", Fields(("writer", w), ("n", i), ("padding", new string((char)('a' + w), 100 + (i * 37 % 6000)))));
                }
            })));
        }
        finally
        {
            foreach (var log in logs)
            {
                log.Dispose();
            }
        }

        var lines = File.ReadAllLines(LogFile);
        Assert.Equal(writers * linesEach, lines.Length);
        var seen = lines.Select(l => JsonDocument.Parse(l).RootElement).Select(e =>
        {
            var writer = e.GetProperty("writer").GetInt32();
            var n = e.GetProperty("n").GetInt32();
            Assert.Equal(new string((char)('a' + writer), 100 + (n * 37 % 6000)), e.GetProperty("padding").GetString());
            return (writer, n);
        }).ToHashSet();
        Assert.Equal(writers * linesEach, seen.Count);
    }

    [Fact]
    public void A_log_in_a_folder_that_cannot_be_made_is_refused_with_the_rule()
    {
        var blocker = Path.Combine(_folder, "a-file");
        File.WriteAllText(blocker, "not a folder");

        var e = Assert.Throws<HlsEncoderException>(() => RunLog.Open(Path.Combine(blocker, "runs.jsonl"), "Invoke-HlsEncode"));

        Assert.Equal("LogPathInvalid", e.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, e.Kind);
        Assert.Contains("-LogPath", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_file_is_not_inherited_by_child_processes()
    {
        using var log = RunLog.Open(LogFile, "Invoke-HlsEncode");
        log.Write("run.start", Fields());
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // /proc/self/fd of a child lists what it inherited; the log must not be among them.
        using var child = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/sh", ["-c", "ls -l /proc/$$/fd"]) { RedirectStandardOutput = true })!;
        var inherited = child.StandardOutput.ReadToEnd();
        child.WaitForExit();

        Assert.Contains(" 1 -> ", inherited, StringComparison.Ordinal);
        Assert.DoesNotContain(LogFile, inherited, StringComparison.Ordinal);
    }

    private static KeyValuePair<string, object?>[] Fields(params (string Key, object? Value)[] fields) =>
        fields.Select(f => KeyValuePair.Create(f.Key, f.Value)).ToArray();
}
