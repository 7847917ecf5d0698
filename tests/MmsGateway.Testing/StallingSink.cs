using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MmsGateway.Testing;

/// <summary>A partner's gateway that hangs in the middle of DATA: it takes the envelope, answers 354, and then
/// reads nothing more, with a small receive buffer, so a large message fills the loopback buffers and the
/// sender's writes stop completing. Its port is its own until disposed.</summary>
public sealed class StallingSink : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private int _stalled;

    public StallingSink()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        // Set before listen, so accepted sockets inherit it and the kernel does not grow it.
        _listener.Server.ReceiveBufferSize = 4096;
        _listener.Start();
        _serving = ServeAsync();
    }

    /// <summary>This sink as a next hop: "[127.0.0.1]:port".</summary>
    public string Hop => $"[127.0.0.1]:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Connections that reached DATA and were left hanging.</summary>
    public int Stalled => Volatile.Read(ref _stalled);

    private async Task ServeAsync()
    {
        var held = new List<Socket>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                held.Add(socket);
                _ = TakeEnvelopeAsync(socket);
            }
        }
        catch (OperationCanceledException) { }
        finally
        {
            foreach (var s in held) s.Dispose();
        }
    }

    private async Task TakeEnvelopeAsync(Socket socket)
    {
        try
        {
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await Say(stream, "220 stall.test.invalid ESMTP");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                if (verb == "DATA")
                {
                    await Say(stream, "354 go ahead");
                    Interlocked.Increment(ref _stalled);
                    return;   // and never read again: the socket stays open until the sink is disposed
                }
                await Say(stream, verb switch { "EHLO" or "HELO" => "250 stall.test.invalid", "QUIT" => "221 bye", _ => "250 ok" });
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException) { }
    }

    private static Task Say(NetworkStream stream, string line) => stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n")).AsTask();

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _serving;
    }
}
