using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace MmsGateway.Testing;

/// <summary>A partner operator's MM4 gateway and MMSC in one: a sink that accepts what we forward and, for a
/// forward.REQ that asks for an ack, sends the MM4_forward.RES back through our gateway (to the REQ's
/// X-Mms-Originator-System, as Mbuni's send_mm4_res() does) with a chosen status after a chosen delay.
/// Silent, it answers nothing until told to.</summary>
public sealed class Mm4Partner : IAsyncDisposable
{
    private readonly Func<IPEndPoint> _gateway;
    private readonly ConcurrentQueue<Task> _answers = new();

    private Mm4Partner(string domain, Func<IPEndPoint> gateway)
    {
        Domain = domain;
        _gateway = gateway;
        Sink = SmtpSink.Start();
        Sink.Received = OnReceived;
    }

    public static Mm4Partner Start(string domain, Func<IPEndPoint> gateway) => new(domain, gateway);

    public SmtpSink Sink { get; }

    public string Domain { get; }

    public string Hop => Sink.Hop;

    /// <summary>X-Mms-Request-Status-Code of the RESes it sends.</summary>
    public string Status { get; set; } = "Ok";

    public TimeSpan Delay { get; set; }

    public bool Silent { get; set; }

    /// <summary>Transaction-IDs of the forwards it received, in order.</summary>
    public ConcurrentQueue<(string TransactionId, string MessageId, string ReplyTo)> Received { get; } = new();

    public ConcurrentQueue<string> Answered { get; } = new();

    private void OnReceived(SinkMessage m)
    {
        var headers = Headers(m.Data);
        if (!headers.TryGetValue("x-mms-message-type", out var type) || !type.Equals("MM4_forward.REQ", StringComparison.OrdinalIgnoreCase)) return;
        var tid = headers.GetValueOrDefault("x-mms-transaction-id", "").Trim('"');
        var mid = headers.GetValueOrDefault("x-mms-message-id", "").Trim('"', '<', '>');
        var replyTo = headers.GetValueOrDefault("x-mms-originator-system") ?? headers.GetValueOrDefault("sender") ?? m.From;
        Received.Enqueue((tid, mid, replyTo));
        if (Silent || !headers.GetValueOrDefault("x-mms-ack-request", "").Equals("Yes", StringComparison.OrdinalIgnoreCase)) return;
        _answers.Enqueue(Task.Run(async () =>
        {
            await Task.Delay(Delay);
            await AnswerAsync(tid, mid, replyTo, Status);
        }));
    }

    /// <summary>Sends a forward.RES now (the late answer of a silent partner, or one that matches nothing).</summary>
    public async Task AnswerAsync(string transactionId, string messageId, string replyTo, string status)
    {
        await SendAsync(replyTo,
            "X-Mms-Message-Type: MM4_forward.RES\r\n" +
            $"X-Mms-Transaction-ID: \"{transactionId}\"\r\n" +
            $"X-Mms-Message-ID: <{messageId}>\r\n" +
            $"X-Mms-Request-Status-Code: {status}\r\n" +
            $"X-Mms-Status-Text: \"{status} from {Domain}\"\r\n");
        Answered.Enqueue(transactionId);
    }

    /// <summary>Sends an MM4_delivery_report.REQ for a forward it received (the recipient fetched it, or not).</summary>
    public Task ReportAsync(string messageId, string replyTo, string mmStatus, string transactionId = "DR-1") =>
        SendAsync(replyTo,
            "X-Mms-Message-Type: MM4_delivery_report.REQ\r\n" +
            $"X-Mms-Transaction-ID: {transactionId}\r\n" +
            $"X-Mms-Message-ID: {messageId}\r\n" +
            $"X-Mms-MM-Status-Code: {mmStatus}\r\n" +
            "X-Mms-Ack-Request: No\r\n");

    private async Task SendAsync(string to, string mm4Headers)
    {
        var message = Encoding.ASCII.GetBytes(
            $"From: system-user@{Domain}\r\n" +
            $"Sender: system-user@{Domain}\r\n" +
            $"To: {to}\r\n" +
            "X-Mms-3GPP-MMS-Version: 6.3.0\r\n" +
            mm4Headers +
            "Date: Wed, 02 Dec 2026 12:00:00 +0000\r\n" +
            "\r\n");
        await using var c = await RawSmtp.ConnectAsync(_gateway());
        await c.ReadReplyAsync();
        await c.CommandAsync($"EHLO gw.{Domain}");
        await c.CommandAsync($"MAIL FROM:<system-user@{Domain}>");
        await c.CommandAsync($"RCPT TO:<{to}>");
        await c.CommandAsync("DATA");
        await c.SendAsync(message);
        var reply = await c.CommandAsync(".");
        if (!reply.StartsWith("250", StringComparison.Ordinal)) throw new InvalidOperationException($"the gateway refused our message: {reply}");
        await c.CommandAsync("QUIT");
    }

    private static Dictionary<string, string> Headers(byte[] data)
    {
        var text = Encoding.Latin1.GetString(data);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var block = (end < 0 ? text : text[..end]).Replace("\r\n ", " ").Replace("\r\n\t", " ");
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in block.Split("\r\n"))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) map.TryAdd(line[..colon].Trim().ToLowerInvariant(), line[(colon + 1)..].Trim());
        }
        return map;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var a in _answers) { try { await a; } catch (Exception e) when (e is IOException or InvalidOperationException or System.Net.Sockets.SocketException) { } }
        await Sink.DisposeAsync();
    }
}
