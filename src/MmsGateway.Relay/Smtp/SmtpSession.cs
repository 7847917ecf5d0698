using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using MmsGateway.Relay.Capture;
using MmsGateway.Relay.Mm4;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Routing;
using MmsGateway.Relay.Spool;

namespace MmsGateway.Relay.Smtp;

/// <summary>One inbound SMTP connection. Exposure: everything the client sends.
/// Replies are buffered and written only when no complete command is left in the input, which is
/// what RFC 2920 PIPELINING asks for; the 250 after DATA is sent only after the spool commit.</summary>
internal sealed partial class SmtpSession
{
    private readonly Socket _socket;
    private readonly SmtpOptions _options;
    private readonly QueueIntake _intake;
    private readonly LiveRules _rules;
    private readonly Mm4Options _mm4;
    private readonly TrafficCapture _capture;
    private readonly IPAddress? _address;
    private readonly ILogger _log;
    private readonly string _peer;
    private readonly string _peerLiteral;
    private readonly SmtpLineReader _lines = new();
    private readonly SmtpTransaction _transaction = new();
    private readonly ArrayBufferWriter<byte> _replies = new(1024);
    private Stream _stream = null!;
    private PipeReader _input = null!;
    private string? _helo;
    private bool _extended;
    private int _errors;
    private bool _close;
    private volatile bool _stopRequested;

    // DATA in progress: the scanner and the buffer receiving the message.
    private DataReader? _data;
    private MessageBuffer? _body;
    private QueueId _dataId;
    private long _dataDeadline;
    private readonly SmtpCounters _counters;
    private readonly AcceptFeed _accepted;
    private readonly MemoryBudget _budget;
    private readonly SessionTls _tls;
    private NetworkStream _network = null!;
    private bool _startTls;
    // After a handshake: "TLSv1.3" and the cipher suite; null while the session is in plaintext.
    private string? _tlsProtocol;
    private string? _tlsCipher;

    public SmtpSession(Socket socket, IPAddress? address, SmtpOptions options, QueueIntake intake, LiveRules rules, TrafficCapture capture, ILogger log, SmtpCounters counters,
        MemoryBudget budget, SessionTls tls, AcceptFeed accepted, Mm4Options mm4)
    {
        _mm4 = mm4;
        _accepted = accepted;
        _counters = counters;
        _budget = budget;
        _tls = tls;
        _socket = socket;
        _options = options;
        _intake = intake;
        _rules = rules;
        _capture = capture;
        _log = log;
        _address = address;
        _peer = address?.ToString() ?? "unknown";
        // RFC 5321 §4.1.3 address literal, as it appears in the Received: header.
        _peerLiteral = address?.AddressFamily == AddressFamily.InterNetworkV6 ? $"IPv6:{_peer}" : _peer;
    }

    private bool InTransaction => _transaction.Started || _data is not null;

    /// <summary>Graceful stop: an idle session is closed with 421 now, one with a transaction after it.</summary>
    public void RequestStop()
    {
        _stopRequested = true;
        if (!InTransaction) _input?.CancelPendingRead();
    }

    public async Task RunAsync(CancellationToken hardStop)
    {
        var reason = "closed";
        _network = new NetworkStream(_socket, ownsSocket: true);
        _stream = _capture.ForClient(_address, _network);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true));
        try
        {
            Reply(SmtpReplies.Greeting(_options.Hostname));
            reason = await LoopAsync(hardStop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            reason = "connection lost";    // the client went away; nothing acknowledged is at risk
        }
        catch (OperationCanceledException) when (hardStop.IsCancellationRequested)
        {
            reason = "aborted at shutdown";
            await TryFinalReplyAsync(SmtpReplies.ShuttingDown(_options.Hostname)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            reason = "timeout writing a reply";    // the client stopped reading; there is no one to tell
        }
        catch (Exception e)
        {
            SmtpLog.Failed(_log, _peer, e);
            reason = "internal error";
            await TryFinalReplyAsync(new SmtpReply(421, "4.3.0", $"{_options.Hostname} internal error, closing connection")).ConfigureAwait(false);
        }
        finally
        {
            _body?.Dispose();
            await _input.CompleteAsync().ConfigureAwait(false);
            // Disposing the stream closes the socket (it owns it); an explicit shutdown first was
            // one more syscall per connection, usually failing with ENOTCONN as the client had gone.
            await _stream.DisposeAsync().ConfigureAwait(false);
            SmtpLog.Ended(_log, _peer, reason);
        }
    }

    private async Task<string> LoopAsync(CancellationToken hardStop)
    {
        using var writing = new SessionTimeout(hardStop);
        using var reading = new SessionTimeout(hardStop);
        // The deadline for the next command runs from the end of the last one: a client trickling a
        // byte every few seconds does not restart it (one slow line cannot hold a session for ever).
        var commandDeadline = Environment.TickCount64 + (long)_options.CommandTimeout.TotalMilliseconds;
        while (true)
        {
            await FlushAsync(writing.Start(_options.CommandTimeout)).ConfigureAwait(false);
            if (_close) return "closed by us";
            if (_stopRequested && !InTransaction)
            {
                Reply(SmtpReplies.ShuttingDown(_options.Hostname));
                await FlushAsync(writing.Start(_options.CommandTimeout)).ConfigureAwait(false);
                return "shutdown";
            }

            ReadResult read;
            var now = Environment.TickCount64;
            var inData = _data is not null;
            var wait = inData
                ? Math.Min((long)_options.DataTimeout.TotalMilliseconds, _dataDeadline - now)
                : commandDeadline - now;
            try
            {
                read = await _input.ReadAsync(reading.Start(TimeSpan.FromMilliseconds(Math.Max(1, wait)))).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (reading.Expired)
            {
                var transferTooLong = inData && Environment.TickCount64 >= _dataDeadline;
                await TryFinalReplyAsync(transferTooLong ? SmtpReplies.DataTooSlow(_options.Hostname) : SmtpReplies.Timeout(_options.Hostname)).ConfigureAwait(false);
                return transferTooLong ? "DATA transfer timeout" : "timeout";
            }
            if (read.IsCanceled) continue;    // RequestStop woke us; the top of the loop decides

            var buffer = read.Buffer;
            var progressed = false;
            while (!_close && buffer.Length > 0)
            {
                if (_data is not null)
                {
                    if (!ScanData(ref buffer)) break;
                    await FinishDataAsync().ConfigureAwait(false);
                    progressed = true;
                    continue;
                }
                var outcome = _lines.TryRead(ref buffer, out var line, out var refusal);
                if (outcome == SmtpLineReader.Outcome.NeedMore) break;
                progressed = true;
                if (outcome == SmtpLineReader.Outcome.Line) Handle(line);
                else if (outcome == SmtpLineReader.Outcome.Refused) Error(refusal, "(line)");
                else
                {
                    Error(SmtpReplies.BareLf(_options.Hostname), "(line)");
                    _close = true;
                }
                if (_startTls)
                {
                    // RFC 3207 §5: whatever the client sent after STARTTLS, before the handshake, is
                    // discarded, never executed (a man in the middle could have put it there in plaintext).
                    buffer = buffer.Slice(buffer.End);
                    break;
                }
            }
            _input.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted) return _data is null ? "client closed" : "client closed during DATA";
            if (progressed) commandDeadline = Environment.TickCount64 + (long)_options.CommandTimeout.TotalMilliseconds;
            if (_startTls && !await UpgradeAsync(writing).ConfigureAwait(false)) return "TLS handshake failed";
        }
    }

    // Sends the 220, then the handshake; on success the session starts again over TLS, as RFC 3207 §4.2
    // says: nothing learned before (HELO, a transaction) is kept.
    private async Task<bool> UpgradeAsync(SessionTimeout writing)
    {
        _startTls = false;
        await FlushAsync(writing.Start(_options.CommandTimeout)).ConfigureAwait(false);
        var ssl = new SslStream(_network, leaveInnerStreamOpen: false);
        try
        {
            using var handshake = new CancellationTokenSource(_options.CommandTimeout);
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _tls.Certificate.Current(),
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ClientCertificateRequired = false,
            }, handshake.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException or InvalidOperationException)
        {
            _counters.TlsFailed();
            SmtpLog.TlsFailed(_log, _peer, e.Message);
            _close = true;
            return false;
        }
        await _input.CompleteAsync().ConfigureAwait(false);
        _tlsProtocol = TlsNames.Protocol(ssl.SslProtocol);
        _tlsCipher = ssl.NegotiatedCipherSuite.ToString();
        if (_stream is CapturingStream captured) captured.Secure(ssl, $"{_tlsProtocol} {_tlsCipher}");
        else _stream = ssl;
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true));
        _helo = null;
        _extended = false;
        _transaction.Clear();
        _counters.TlsSession(_tlsProtocol);
        return true;
    }

    // Feeds buffered bytes to the DATA scanner; true when the terminating CRLF "." CRLF was reached.
    private bool ScanData(ref ReadOnlySequence<byte> buffer)
    {
        long offset = 0;
        foreach (var segment in buffer)
        {
            var end = _data!.Scan(segment.Span, _body!, out var consumed);
            if (_body!.OverBudget && !_data.Defects.HasFlag(DataDefect.OverBudget))
            {
                // Memory for messages in flight is spent: stop storing this one and give its memory back
                // now; it is refused with 451 at its end and the sender tries again.
                _data.Abandon(DataDefect.OverBudget);
                _body.Dispose();
            }
            if (end == DataEnd.Terminated)
            {
                buffer = buffer.Slice(offset + consumed);
                return true;
            }
            offset += segment.Length;
        }
        buffer = buffer.Slice(buffer.End);
        return false;
    }

    private void Reply(SmtpReply reply) => _replies.Write(reply.ToBytes());

    private void Error(SmtpReply reply, string command)
    {
        Reply(reply);
        if (reply.Code >= 500) SmtpLog.Rejected(_log, _peer, command, reply.ToString());
        if (reply.Code >= 500 && ++_errors >= _options.MaxErrors)
        {
            Reply(SmtpReplies.TooManyErrors(_options.Hostname));
            _close = true;
        }
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        if (_replies.WrittenCount == 0) return;
        await _stream.WriteAsync(_replies.WrittenMemory, ct).ConfigureAwait(false);
        _replies.ResetWrittenCount();
    }

    private async Task TryFinalReplyAsync(SmtpReply reply)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            Reply(reply);
            await FlushAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Best effort: the connection is going away anyway.
        }
    }
}
