using MmsGateway.Relay.Spool;

namespace MmsGateway.Relay.Queue;

/// <summary>A message in the queue: its envelope, where its bytes are in the spool, and its recipients.</summary>
public sealed class QueuedMessage
{
    public QueuedMessage(QueueId id, long receivedAtMs, string sender, string clientAddress, string helo, long size)
    {
        Id = id;
        ReceivedAtMs = receivedAtMs;
        Sender = sender;
        ClientAddress = clientAddress;
        Helo = helo;
        Size = size;
    }

    public QueueId Id { get; }

    public long ReceivedAtMs { get; }

    /// <summary>Unix milliseconds after which the message expires; 0 means the configured lifetime from
    /// <see cref="ReceivedAtMs"/>. Set when a release extends the life of held mail (issue 3).</summary>
    public long ExpiresAtMs { get; internal set; }

    /// <summary>Envelope sender as sent; empty for the null sender &lt;&gt;.</summary>
    public string Sender { get; }

    public string ClientAddress { get; }

    public string Helo { get; }

    /// <summary>Bytes in the spool, including the Received: header we prepended.</summary>
    public long Size { get; }

    public QueuedRecipient[] Recipients { get; private set; } = [];

    public SpoolLocation Body { get; internal set; }

    internal int LiveRecipients;
    internal QueuedMessage? Prev;
    internal QueuedMessage? Next;

    public void SetRecipients(IReadOnlyList<(string Address, string Domain)> recipients)
    {
        var list = new QueuedRecipient[recipients.Count];
        for (var i = 0; i < list.Length; i++) list[i] = new QueuedRecipient(this, i, recipients[i].Address, recipients[i].Domain);
        Recipients = list;
    }

    /// <summary>The record the spool keeps of this message.</summary>
    public SpoolEnvelope ToEnvelope()
    {
        var recipients = new SpoolRecipient[Recipients.Length];
        for (var i = 0; i < recipients.Length; i++)
            recipients[i] = new SpoolRecipient(Recipients[i].Address, Recipients[i].Domain, Recipients[i].Snapshot());
        return new SpoolEnvelope(Id.Value, ReceivedAtMs, ExpiresAtMs, Sender, ClientAddress, Helo, Size, recipients);
    }

    /// <summary>The current recipient states, as one spool state record.</summary>
    public SpoolStates ToStates()
    {
        var states = new RecipientSnapshot[Recipients.Length];
        for (var i = 0; i < states.Length; i++) states[i] = Recipients[i].Snapshot();
        return new SpoolStates(Id.Value, ExpiresAtMs, states);
    }

    /// <summary>The message as the spool recovered it, with its last durable states.</summary>
    public static QueuedMessage FromSpool(RecoveredMessage recovered)
    {
        var e = recovered.Envelope;
        var m = new QueuedMessage(new QueueId(e.Id), e.ReceivedAtMs, e.Sender, e.ClientAddress, e.Helo, e.Size)
        {
            ExpiresAtMs = e.ExpiresAtMs,
            Body = recovered.Body,
        };
        m.SetRecipients(e.Recipients.Select(r => (r.Address, r.Domain)).ToArray());
        for (var i = 0; i < m.Recipients.Length; i++) m.Recipients[i].Restore(e.Recipients[i].State);
        return m;
    }
}
