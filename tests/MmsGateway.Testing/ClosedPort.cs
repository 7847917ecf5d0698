using System.Net;
using System.Net.Sockets;

namespace MmsGateway.Testing;

/// <summary>A next hop that refuses every connection ("Connection refused"): a loopback port that this
/// test holds bound but never listens on. Bound, it cannot be taken by another test or process, which a
/// port picked and released (the old FreePort) could be, turning "down" into a server that answers.</summary>
public sealed class ClosedPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public ClosedPort() => _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary>As a next hop in a route: "[127.0.0.1]:port".</summary>
    public string Hop => $"[127.0.0.1]:{Port}";

    public void Dispose() => _socket.Dispose();
}
