using MmsGateway.Relay.Spool;

namespace MmsGateway.Relay.Queue;

/// <summary>Takes a received message into the queue: spool commit first, index second, event last.
/// Exposure: called by SMTP sessions with complete, checked messages.
/// Durability: returns only once the message is on disk; the session answers 250 after that.</summary>
public sealed class QueueIntake(MessageSpool spool, QueueIndex index, QueueChangeFeed feed, QueueIdGenerator ids, TimeProvider clock)
{
    public QueueId NextId() => ids.Next();

    public TimeProvider Clock => clock;

    public bool HasFreeSpace() => spool.HasFreeSpace();

    public async Task AcceptAsync(QueuedMessage message, MessageBuffer body)
    {
        message.Body = await spool.CommitMessageAsync(message.ToEnvelope(), body).ConfigureAwait(false);
        index.Add(message);
        if (feed.HasSubscribers)
            feed.Publish(new QueueChange(QueueChangeKind.Queued, clock.GetUtcNow(), 1, message.Id.ToString(),
                message.Recipients.Select(r => r.Domain).Distinct().ToArray()));
    }
}
