using System.Buffers;
using System.Text;
using MmsGateway.Relay.Mail;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Spool;

namespace MmsGateway.Relay.Delivery;

/// <summary>Queues an RFC 3464 delivery status notification to the envelope sender of a message
/// some of whose recipients failed for good. Never for the null sender &lt;&gt; (RFC 5321 §4.5.5:
/// no bounce of a bounce). Durability: the notice is spooled (fsynced) before the caller records
/// the recipients as bounced, so a crash between the two can repeat a notice, never lose one.</summary>
public sealed class BounceWriter(QueueIntake intake, MessageSpool spool, string hostname)
{
    private const int MaxReturnedHeaderBytes = 64 * 1024;

    public sealed record Failure(string Recipient, string Dsn, string Reason, string? Relay);

    /// <summary>Returns the queue id of the notice, or null when none is due (null sender).</summary>
    public async Task<string?> SendAsync(QueuedMessage original, IReadOnlyList<Failure> failures)
    {
        if (original.Sender.Length == 0 || failures.Count == 0) return null;
        var domain = original.Sender[(original.Sender.LastIndexOf('@') + 1)..].ToLowerInvariant();
        var id = intake.NextId();
        var bytes = Compose(id, original, failures, await ReadHeadersAsync(original).ConfigureAwait(false));
        var body = new MessageBuffer();
        body.Write(bytes);
        var notice = new QueuedMessage(id, intake.Clock.GetUtcNow().ToUnixTimeMilliseconds(), "", "127.0.0.1", hostname, bytes.Length);
        notice.SetRecipients([(original.Sender, DomainNames.Share(domain))]);
        await intake.AcceptAsync(notice, body).ConfigureAwait(false);
        return id.ToString();
    }

    // The original header block (RFC 3462 text/rfc822-headers), our Received: line included.
    private async Task<byte[]> ReadHeadersAsync(QueuedMessage original)
    {
        await using var stream = spool.OpenBody(original.Body);
        return (await SpooledHeaders.ReadAsync(stream, MaxReturnedHeaderBytes).ConfigureAwait(false)).Block.ToArray();
    }

    private byte[] Compose(QueueId id, QueuedMessage original, IReadOnlyList<Failure> failures, byte[] headers)
    {
        var now = intake.Clock.GetUtcNow();
        var boundary = $"{id}/{hostname}";
        var arrival = Rfc5322Date.Format(DateTimeOffset.FromUnixTimeMilliseconds(original.ReceivedAtMs));
        var text = new StringBuilder();
        void Line(string s) => text.Append(s).Append("\r\n");

        Line($"Received: from localhost by {hostname} id {id};");
        Line($"\t{Rfc5322Date.Format(now)}");
        Line($"From: Mail Delivery System <MAILER-DAEMON@{hostname}>");
        Line($"To: <{original.Sender}>");
        Line("Subject: Undelivered Mail Returned to Sender");
        Line($"Date: {Rfc5322Date.Format(now)}");
        Line($"Message-ID: <{id}.dsn@{hostname}>");
        Line("Auto-Submitted: auto-replied");   // RFC 3834: no auto-responder answers this
        Line("MIME-Version: 1.0");
        Line($"Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"{boundary}\"");
        Line("");
        Line($"--{boundary}");
        Line("Content-Type: text/plain; charset=us-ascii");
        Line("");
        Line($"This is the mail gateway at {hostname}.");
        Line("");
        Line($"Your message {original.Id}, received {arrival}, could not be delivered to");
        Line("the recipients below. This is permanent; it will not be tried again.");
        Line("");
        foreach (var f in failures) Line($"<{f.Recipient}>: {Ascii(f.Reason)}");
        Line("");
        Line($"--{boundary}");
        Line("Content-Type: message/delivery-status");
        Line("");
        Line($"Reporting-MTA: dns; {hostname}");
        Line($"X-Queue-ID: {original.Id}");
        Line($"Arrival-Date: {arrival}");
        foreach (var f in failures)
        {
            Line("");
            Line($"Final-Recipient: rfc822; {f.Recipient}");
            Line("Action: failed");
            Line($"Status: {f.Dsn}");   // 4.4.7 stays 4.x.x: expired, as Postfix reports it
            if (!string.IsNullOrEmpty(f.Relay)) Line($"Remote-MTA: dns; {RemoteMta(f.Relay)}");
            Line($"Diagnostic-Code: smtp; {Ascii(f.Reason)}");
            Line($"Last-Attempt-Date: {Rfc5322Date.Format(now)}");
        }
        Line("");
        Line($"--{boundary}");
        Line("Content-Type: text/rfc822-headers");
        Line("");
        var head = Encoding.ASCII.GetBytes(text.ToString());
        var tail = Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n");
        return [.. head, .. headers, .. tail];
    }

    // A peer's reply text comes from the network: keep it one printable line.
    private static string Ascii(string s) => new(s.Select(c => c is >= ' ' and <= '~' ? c : '?').Take(900).ToArray());

    // RFC 3464 §2.3.5: Remote-MTA names the host; the port of our relay= ("[10.0.0.2]:2602") is ours to log.
    private static string RemoteMta(string relay)
    {
        var colon = relay.LastIndexOf(':');
        return colon > 0 && relay[colon - 1] == ']' && relay[(colon + 1)..].All(char.IsAsciiDigit) ? relay[..colon] : relay;
    }
}
