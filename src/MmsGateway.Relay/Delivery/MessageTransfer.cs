using MailKit.Net.Smtp;
using MimeKit;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Spool;

namespace MmsGateway.Relay.Delivery;

/// <summary>One SMTP transaction for one message and its recipients at one destination, classified
/// per recipient: 2xx delivered, 4xx deferred, 5xx bounced; a connection lost midway defers all.</summary>
internal static class MessageTransfer
{
    /// <param name="Defect">An unexpected failure on our side (e.g. a spooled message that cannot be
    /// read as written): logged with the queue id by the worker, the recipients deferred and backed off.</param>
    public sealed record Result(IReadOnlyList<DeliveryOutcome> Outcomes, bool ConnectionUsable, Exception? Defect = null);

    public static async Task<Result> SendAsync(HopConnector.Connected connection, MessageSpool spool, QueuedMessage message,
        IReadOnlyList<QueuedRecipient> recipients, CancellationToken stopping)
    {
        var relay = connection.Relay;
        try
        {
            var mime = SpooledMimeMessage.Create(() => spool.OpenBody(message.Body));
            var sender = new MailboxAddress("", message.Sender);
            var to = recipients.Select(r => new MailboxAddress("", r.Address)).ToList();
            var reply = await connection.Client.SendSpooledAsync(mime, message.Size, sender, to, stopping).ConfigureAwait(false);
            var refused = connection.Client.Refused;
            return new Result(recipients.Select(r => (refused.TryGetValue(r.Address, out var no)
                ? FromReply(relay, no.StatusCode, no.Response)
                : DeliveryOutcome.Sent(relay, reply.Trim())) with { Tls = connection.Tls }).ToList(), true);
        }
        catch (SmtpCommandException e)
        {
            // MAIL or DATA refused: the reply decides for every recipient not already refused at RCPT.
            var refused = connection.Client.Refused;
            return new Result(recipients.Select(r => (refused.TryGetValue(r.Address, out var no)
                ? FromReply(relay, no.StatusCode, no.Response)
                : FromReply(relay, e.StatusCode, e.Message)) with { Tls = connection.Tls }).ToList(), connection.Client.IsConnected);
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException or OperationCanceledException or TimeoutException)
        {
            var reason = e is OperationCanceledException && stopping.IsCancellationRequested
                ? "gateway shutting down"
                : $"Lost connection with {relay} ({e.Message})";
            return new Result(recipients.Select(_ => DeliveryOutcome.Defer(relay, "4.4.2", reason)).ToList(), false);
        }
        catch (FileNotFoundException e)
        {
            // A race with a delete: the spool segment went away. Nothing to send any more.
            return new Result(recipients.Select(_ => DeliveryOutcome.Defer(relay, "4.3.0", $"spooled message unavailable ({e.Message})")).ToList(), true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Our fault, not the peer's: what was written to the connection is unknown, so it is not reused.
            return new Result(recipients.Select(_ => DeliveryOutcome.Defer(relay, "4.3.0",
                $"internal error, message not sent ({e.GetType().Name}: {e.Message})")).ToList(), false, e);
        }
    }

    public static DeliveryOutcome FromReply(string relay, SmtpStatusCode code, string text)
    {
        var numeric = (int)code;
        var said = $"{relay} said: {numeric} {text}".Trim();
        return numeric >= 500
            ? DeliveryOutcome.Bounce(relay, SmtpReplyText.Dsn(code, text, "5.0.0"), said)
            : DeliveryOutcome.Defer(relay, SmtpReplyText.Dsn(code, text, "4.0.0"), said);
    }
}
