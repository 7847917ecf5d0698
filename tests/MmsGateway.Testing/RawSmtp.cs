using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace MmsGateway.Testing;

/// <summary>A byte-level SMTP client for what MailKit will not send: hostile input, exact pipelining, bare LFs.</summary>
public sealed class RawSmtp : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private Stream _stream;
    private readonly List<byte> _pending = [];

    private RawSmtp(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <param name="from">A local address to connect from, e.g. 127.0.0.2 to play another operator's gateway.</param>
    public static async Task<RawSmtp> ConnectAsync(IPEndPoint endpoint, IPAddress? from = null)
    {
        var tcp = from is null ? new TcpClient() : new TcpClient(new IPEndPoint(from, 0));
        await tcp.ConnectAsync(endpoint);
        return new RawSmtp(tcp);
    }

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    /// <summary>The TLS handshake after the server's 220 to STARTTLS; any certificate is accepted (the
    /// test checks it from the returned stream). Bytes the server sent in plaintext after its 220 would
    /// be an error: they are reported rather than read as TLS.</summary>
    public async Task<SslStream> StartTlsAsync()
    {
        if (_pending.Count > 0) throw new InvalidOperationException($"{_pending.Count} bytes of plaintext after the 220");
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "mm4gw.test.invalid",
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        _stream = ssl;
        return ssl;
    }

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Reads one complete (possibly multi-line) reply; each line keeps its code.</summary>
    public async Task<string> ReadReplyAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync(cts.Token);
            if (line is null) return lines.Count == 0 ? "(closed)" : string.Join("\n", lines) + "\n(closed)";
            lines.Add(line);
            if (line.Length < 4 || line[3] == ' ') return string.Join("\n", lines);
        }
    }

    public async Task<string> CommandAsync(string line)
    {
        await SendAsync(line + "\r\n");
        return await ReadReplyAsync();
    }

    /// <summary>One whole transaction on a new connection; returns the reply to the final dot (or the
    /// first refusal). <paramref name="text"/> is the message without the terminating dot.</summary>
    public static async Task<string> SendMessageAsync(IPEndPoint endpoint, string from, string to, string text, IPAddress? source = null)
    {
        await using var c = await ConnectAsync(endpoint, source);
        await c.ReadReplyAsync();
        await c.CommandAsync("EHLO mmsc.mnc001.mcc238.gprs");
        foreach (var command in new[] { $"MAIL FROM:<{from}>", $"RCPT TO:<{to}>", "DATA" })
        {
            var reply = await c.CommandAsync(command);
            if (reply[0] is not ('2' or '3')) return reply;
        }
        return await c.CommandAsync(text + "\r\n.");
    }

    /// <summary>True once the server has closed the connection (reads return end of stream).</summary>
    public async Task<bool> IsClosedAsync(TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        try { return await ReadLineAsync(cts.Token) is null; }
        catch (OperationCanceledException) { return false; }
        catch (IOException) { return true; }
    }

    private async Task<string?> ReadLineAsync(CancellationToken ct)
    {
        var buffer = new byte[1];
        while (true)
        {
            var nl = _pending.IndexOf((byte)'\n');
            if (nl >= 0)
            {
                var line = Encoding.Latin1.GetString(_pending.GetRange(0, nl).ToArray()).TrimEnd('\r');
                _pending.RemoveRange(0, nl + 1);
                return line;
            }
            var n = await _stream.ReadAsync(buffer, ct);
            if (n == 0) return null;
            _pending.Add(buffer[0]);
        }
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
