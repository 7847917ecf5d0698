using MmsGateway.Relay.Spool;

namespace MmsGateway.Relay.Queue;

/// <summary>Rebuilds the index from what the spool found at start. The spool counts every message it
/// found as live; only the queue knows which are finished, so it releases those here.</summary>
public static class QueueRecovery
{
    /// <summary>Indexes the recovered messages still queued; returns how many.</summary>
    public static int Load(MessageSpool spool, QueueIndex index, QueueIdGenerator ids)
    {
        var queued = new List<QueuedMessage>();
        foreach (var found in spool.Recovered)
        {
            ids.Observe(new QueueId(found.Envelope.Id));
            if (found.Envelope.Recipients.All(r => ((RecipientState)r.State.State).IsFinal()))
                spool.Release(found.Body);
            else
                queued.Add(QueuedMessage.FromSpool(found));
        }
        index.AddRecovered(queued);
        spool.ForgetRecovered();
        return queued.Count;
    }
}
