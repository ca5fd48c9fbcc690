using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace HlsEncoder.Tests.Transcription;

/// <summary>What the server does with one request.</summary>
public sealed record ServedResponse
{
    /// <summary>Answer with this status and no body instead of serving the file.</summary>
    public int? Status { get; init; }

    /// <summary>Ignore a Range header and send the whole file with 200, as some servers do.</summary>
    public bool IgnoreRange { get; init; }

    /// <summary>Close the connection after this many body bytes (a dropped download).</summary>
    public long? CloseAfter { get; init; }

    /// <summary>Stop sending after this many body bytes and keep the connection open (a stalled download).</summary>
    public long? StallAfter { get; init; }

    /// <summary>Serve these bytes instead of the file (another version of it).</summary>
    public byte[]? Content { get; init; }

    /// <summary>Answer 302 Found with this Location instead, as Hugging Face sends downloads to its CDN.</summary>
    public string? RedirectTo { get; init; }
}

/// <summary>
/// A small HTTP/1.1 file server on a loopback port (raw sockets, one connection per request): it serves
/// one file with Range support, logs each request's Range header, and fails on purpose as told.
/// </summary>
public sealed partial class ModelFileServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<string?> _ranges = [];
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ModelFileServer(byte[] content, string fileName)
    {
        Content = content;
        FileName = fileName;
        _listener.Start();
        _loop = AcceptAsync();
    }

    public byte[] Content { get; }

    public string FileName { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/models");

    /// <summary>Decides how the n-th request (from 0) is answered; by default every request is served.</summary>
    public Func<int, ServedResponse> Plan { get; set; } = _ => new ServedResponse();

    /// <summary>The Range header of each request so far, null where there was none.</summary>
    public IReadOnlyList<string?> Ranges
    {
        get
        {
            lock (_ranges)
            {
                return _ranges.ToArray();
            }
        }
    }

    /// <summary>Completes once a response stalled on purpose.</summary>
    public Task Stalled => _stalled.Task;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream);
                var path = head.Split(' ', 3)[1].Split('?')[0];
                var range = RangeHeader().Match(head);
                int index;
                lock (_ranges)
                {
                    index = _ranges.Count;
                    _ranges.Add(range.Success ? range.Groups[0].Value.Split(':', 2)[1].Trim() : null);
                }

                var plan = Plan(index);
                var content = plan.Content ?? Content;
                if (plan.RedirectTo is { } location)
                {
                    await WriteAsync(stream, $"HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    return;
                }

                if (plan.Status is { } status)
                {
                    await WriteAsync(stream, $"HTTP/1.1 {status} Planned\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    return;
                }

                if (path != $"{BaseUrl.AbsolutePath}/{FileName}")
                {
                    await WriteAsync(stream, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    return;
                }

                long from = 0;
                if (range.Success && !plan.IgnoreRange)
                {
                    from = long.Parse(range.Groups["from"].Value, CultureInfo.InvariantCulture);
                    if (from >= content.Length)
                    {
                        await WriteAsync(stream, $"HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */{content.Length}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                        return;
                    }

                    await WriteAsync(stream, $"HTTP/1.1 206 Partial Content\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes {from}-{content.Length - 1}/{content.Length}\r\nContent-Length: {content.Length - from}\r\nConnection: close\r\n\r\n");
                }
                else
                {
                    await WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n");
                }

                var end = content.Length;
                if (plan.CloseAfter is { } close)
                {
                    end = (int)Math.Min(end, from + close);
                }

                if (plan.StallAfter is { } stall)
                {
                    end = (int)Math.Min(end, from + stall);
                }

                await stream.WriteAsync(content.AsMemory((int)from, (int)(end - from)), _stop.Token);
                await stream.FlushAsync(_stop.Token);
                if (plan.StallAfter is not null)
                {
                    _stalled.TrySetResult();
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away, or the server is stopping.
            }
        }
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var buffer = new byte[1];
        while (!(bytes.Count >= 4 && bytes[^1] == '\n' && bytes[^2] == '\r' && bytes[^3] == '\n' && bytes[^4] == '\r'))
        {
            if (await stream.ReadAsync(buffer) == 0)
            {
                throw new IOException("The request ended early.");
            }

            bytes.Add(buffer[0]);
        }

        return System.Text.Encoding.ASCII.GetString(bytes.ToArray());
    }

    private Task WriteAsync(NetworkStream stream, string text) => stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(text), _stop.Token).AsTask();

    [GeneratedRegex(@"(?im)^Range:\s*bytes=(?<from>\d+)-\s*$")]
    private static partial Regex RangeHeader();
}
