using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MmsGateway.Testing;

/// <summary>A received message as the sink saw it: envelope, connection number, and the DATA bytes
/// after dot-unstuffing (exactly what the sending MTA meant to transfer).</summary>
public sealed record SinkMessage(string From, IReadOnlyList<string> To, byte[] Data, int Connection)
{
    /// <summary>The TLS protocol the message came over ("Tls13"), or null in plaintext.</summary>
    public string? Tls { get; init; }
}

/// <summary>A real SMTP server on a free loopback port: the remote operator's MM4 gateway in tests.
/// Its replies are chosen by the addresses, so a test says what it wants where it sends:
/// a recipient "550-..." is refused permanently, "451-..." temporarily, "450-once-..." the first time
/// only; a sender "554-data-..." has its DATA refused. <see cref="Greeting"/> sets the banner line.</summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, int> _seen = new();
    private readonly List<Task> _sessions = [];
    private readonly Task _accepting;
    private int _connections;

    private readonly X509Certificate2? _certificate;

    private SmtpSink(string greeting, int port, X509Certificate2? certificate = null, bool down = false)
    {
        Greeting = greeting;
        _certificate = certificate;
        _down = down;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>An empty <paramref name="greeting"/> makes a peer that accepts and then says nothing.</summary>
    public static SmtpSink Start(string greeting = "220 sink.test.invalid ESMTP") => new(greeting, 0);

    /// <summary>A sink that offers STARTTLS with <paramref name="certificate"/> (an operator's TLS-capable gateway).</summary>
    public static SmtpSink StartWithTls(X509Certificate2 certificate) => new("220 sink.test.invalid ESMTP", 0, certificate);

    /// <summary>An operator's gateway that is down: every connection is closed at once, before any
    /// greeting, until <see cref="Up"/>. The port stays this sink's all along, so no other test can take
    /// it meanwhile (a port picked, released and bound again later can be).</summary>
    public static SmtpSink StartDown() => new("220 sink.test.invalid ESMTP", 0, down: true);

    private volatile bool _down;
    private int _refused;

    /// <summary>The gateway comes back: from the next connection on, it greets and takes mail.</summary>
    public void Up() => _down = false;

    /// <summary>The gateway goes down again: new connections are closed at once.</summary>
    public void GoDown() => _down = true;

    /// <summary>Connections closed unanswered while down.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public string Greeting { get; set; }

    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>This sink as a next hop in a route: "[127.0.0.1]:port".</summary>
    public string Hop => $"[127.0.0.1]:{Endpoint.Port}";

    public ConcurrentQueue<SinkMessage> Messages { get; } = new();

    /// <summary>Called after each message is queued and answered 250 (a scripted partner answers from here).</summary>
    public Action<SinkMessage>? Received { get; set; }

    /// <summary>Awaited after a message's data and before its 250: a slow peer, or one a test holds in DATA.</summary>
    public Func<SinkMessage, Task>? BeforeDataReply { get; set; }

    /// <summary>Every command line received, in order, with its connection number ("3 RCPT TO:&lt;a@b&gt;").</summary>
    public ConcurrentQueue<string> Commands { get; } = new();

    public int Connections => Volatile.Read(ref _connections);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            if (_down)
            {
                Interlocked.Increment(ref _refused);
                client.Client.Close(0);   // an RST, as from a host with nothing on the port
                client.Dispose();
                continue;
            }
            client.NoDelay = true;   // replies are small writes: Nagle plus delayed ACK would add 40 ms each
            var n = Interlocked.Increment(ref _connections);
            lock (_sessions) _sessions.Add(Task.Run(() => SessionAsync(client, n)));
        }
    }

    private async Task SessionAsync(TcpClient client, int connection)
    {
        using var _ = client;
        Stream stream = client.GetStream();
        var reader = new LineReader(stream);
        string? tls = null;
        try
        {
            if (Greeting.Length == 0)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
                return;
            }
            await WriteAsync(stream, Greeting);
            if (!Greeting.StartsWith('2')) return;
            string from = "";
            var to = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                Commands.Enqueue($"{connection} {line}");
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await WriteAsync(stream, "250-sink.test.invalid\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-SIZE 50000000\r\n"
                            + (_certificate is not null && tls is null ? "250-STARTTLS\r\n" : "") + "250 ENHANCEDSTATUSCODES");
                        break;
                    case "STARTTLS" when _certificate is not null && tls is null:
                        await WriteAsync(stream, "220 2.0.0 Ready to start TLS");
                        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                        (stream, reader, tls) = (ssl, new LineReader(ssl), ssl.SslProtocol.ToString());
                        break;
                    case "HELO": await WriteAsync(stream, "250 sink.test.invalid"); break;
                    case "MAIL":
                        from = Path(line);
                        to.Clear();
                        await WriteAsync(stream, "250 2.1.0 Ok");
                        break;
                    case "RCPT":
                        var rcpt = Path(line);
                        var reply = RcptReply(rcpt);
                        if (reply.StartsWith('2')) to.Add(rcpt);
                        await WriteAsync(stream, reply);
                        break;
                    case "DATA":
                        if (to.Count == 0) { await WriteAsync(stream, "554 5.5.1 no valid recipients"); break; }
                        await WriteAsync(stream, "354 go ahead");
                        var data = await reader.ReadDataAsync(_stop.Token);
                        if (data is null) return;
                        if (from.StartsWith("554-data-", StringComparison.Ordinal)) { await WriteAsync(stream, "554 5.6.0 content refused"); break; }
                        var message = new SinkMessage(from, to.ToList(), data, connection) { Tls = tls };
                        if (BeforeDataReply is { } hold) await hold(message);
                        Messages.Enqueue(message);
                        await WriteAsync(stream, $"250 2.0.0 Ok: queued as S{Messages.Count}");
                        Received?.Invoke(message);   // this connection's message: another may have been queued meanwhile
                        break;
                    case "RSET": to.Clear(); await WriteAsync(stream, "250 2.0.0 Ok"); break;
                    case "NOOP": await WriteAsync(stream, "250 2.0.0 Ok"); break;
                    case "QUIT": await WriteAsync(stream, "221 2.0.0 Bye"); return;
                    default: await WriteAsync(stream, "502 5.5.2 not implemented"); break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or System.Security.Authentication.AuthenticationException) { }
    }

    private string RcptReply(string rcpt)
    {
        if (rcpt.StartsWith("550-", StringComparison.Ordinal)) return "550 5.1.1 User unknown";
        if (rcpt.StartsWith("451-", StringComparison.Ordinal)) return "451 4.3.0 Temporary failure";
        if (rcpt.StartsWith("450-once-", StringComparison.Ordinal) && _seen.AddOrUpdate(rcpt, 1, (_, n) => n + 1) == 1)
            return "450 4.2.0 Mailbox busy, try later";
        return "250 2.1.5 Ok";
    }

    private static string Path(string line)
    {
        var open = line.IndexOf('<');
        var close = line.IndexOf('>', open + 1);
        return open < 0 || close < 0 ? "" : line[(open + 1)..close];
    }

    private static Task WriteAsync(Stream stream, string reply) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n")).AsTask();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] sessions;
        lock (_sessions) sessions = [.. _sessions];
        await Task.WhenAll(sessions).WaitAsync(TimeSpan.FromSeconds(5));
    }

    // CRLF lines and DATA to "." on its own line, over one buffered stream.
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start, _end;

        public async Task<string?> ReadLineAsync(CancellationToken ct)
        {
            var line = await ReadRawLineAsync(ct);
            return line is null ? null : Encoding.Latin1.GetString(line);
        }

        public async Task<byte[]?> ReadDataAsync(CancellationToken ct)
        {
            var data = new MemoryStream();
            while (await ReadRawLineAsync(ct) is { } line)
            {
                if (line.Length == 1 && line[0] == '.') return data.ToArray();
                var skip = line.Length > 0 && line[0] == '.' ? 1 : 0;   // RFC 5321 §4.5.2 dot-unstuffing
                data.Write(line, skip, line.Length - skip);
                data.Write("\r\n"u8);
            }
            return null;
        }

        private async Task<byte[]?> ReadRawLineAsync(CancellationToken ct)
        {
            var line = new MemoryStream();
            while (true)
            {
                for (var i = _start; i < _end; i++)
                {
                    if (_buffer[i] != '\n') continue;
                    line.Write(_buffer, _start, i + 1 - _start);
                    _start = i + 1;
                    var bytes = line.ToArray();
                    return bytes.Length >= 2 && bytes[^2] == '\r' ? bytes[..^2] : bytes[..^1];
                }
                line.Write(_buffer, _start, _end - _start);
                _start = 0;
                _end = await stream.ReadAsync(_buffer, ct);
                if (_end == 0) return null;
            }
        }
    }
}
