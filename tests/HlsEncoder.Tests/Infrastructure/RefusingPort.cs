using System.Net;
using System.Net.Sockets;

namespace HlsEncoder.Tests.Infrastructure;

/// <summary>
/// A loopback port that refuses every connection for as long as this lives: bound but never
/// listening, so no other server started meanwhile can take it.
/// </summary>
public sealed class RefusingPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusingPort()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}");

    public void Dispose() => _socket.Dispose();
}
