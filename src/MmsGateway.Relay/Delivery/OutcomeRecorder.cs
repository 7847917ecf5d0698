using Microsoft.Extensions.Logging;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Spool;

namespace MmsGateway.Relay.Delivery;

/// <summary>Applies the outcome of one attempt: new recipient states (durable before anything is
/// said about them), the log line per recipient, and the event for the console.
/// Durability: a delivered state is written after the peer's 250, so a crash in between delivers
/// the message twice rather than never (counted by the crash test).</summary>
internal sealed class OutcomeRecorder(
    QueueIndex index,
    MessageSpool spool,
    DeliveryFeed feed,
    DeliveryOptions options,
    RetrySchedule schedule,
    BounceWriter bounces,
    LiveRules rules,
    TimeProvider clock,
    ILogger log)
{
    public async Task RecordAsync(QueuedMessage message, IReadOnlyList<QueuedRecipient> claimed, IReadOnlyList<DeliveryOutcome> outcomes)
    {
        var now = clock.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var final = new DeliveryOutcome[claimed.Count];
        for (var i = 0; i < final.Length; i++) final[i] = Expire(message, claimed[i], outcomes[i], nowMs);
        await NotifySenderAsync(message, claimed, final).ConfigureAwait(false);

        var attempts = new List<DeliveryAttempt>(claimed.Count);
        var gone = false;
        Task commit;
        using (index.EnterForRelay())
        {
            for (var i = 0; i < claimed.Count; i++)
            {
                var r = claimed[i];
                r.InFlight = false;
                var flush = r.Flush;
                r.Flush = null;
                if (r.State.IsFinal())   // deleted by an operator during the attempt
                {
                    flush?.Withdrawn(1);
                    continue;
                }
                r.Attempts++;
                var outcome = final[i];
                r.LastError = outcome.Kind == OutcomeKind.Delivered ? null : outcome.Status;
                switch (outcome.Kind)
                {
                    case OutcomeKind.Delivered: gone |= index.SetStateLocked(r, RecipientState.Delivered); break;
                    case OutcomeKind.Bounced when message.Sender.Length == 0:
                        // RFC 5321 §4.5.5: a notice is never bounced. It stays, held, for the operator to see.
                        r.LastError = $"{outcome.Status} (a delivery status notification is not bounced; held)";
                        index.SetStateLocked(r, RecipientState.Held);
                        break;
                    case OutcomeKind.Bounced: gone |= index.SetStateLocked(r, RecipientState.Bounced); break;
                    case OutcomeKind.Deferred when r.State != RecipientState.Held:   // held during the attempt stays held
                        r.NextAttemptMs = nowMs + (long)schedule.DelayAfter(r.Attempts, Random.Shared.NextDouble()).TotalMilliseconds;
                        index.SetStateLocked(r, RecipientState.Deferred);
                        break;
                }
                flush?.Attempted(outcome.Result);
                attempts.Add(new DeliveryAttempt(now, message.Id.ToString(), r.Address, r.Domain, outcome.Relay, outcome.Dsn,
                    outcome.Status, now - DateTimeOffset.FromUnixTimeMilliseconds(message.ReceivedAtMs), outcome.Kind, r.Attempts) { Tls = outcome.Tls });
            }
            commit = spool.CommitStatesAsync([message.ToStates()]);
        }
        try
        {
            await commit.ConfigureAwait(false);
        }
        catch (Exception e) when (e is SpoolUnavailableException or IOException)
        {
            // The disk refused: memory is ahead of the spool until restart, when the attempt is simply repeated.
            DeliveryLog.RecordFailed(log, message.Id.ToString(), e);
            return;
        }
        if (gone) spool.Release(message.Body);
        foreach (var a in attempts)
        {
            DeliveryLog.Attempted(log, a.QueueId, a.Recipient, DeliveryLog.FormatDelay(a.Delay), a.Relay, a.Tls, a.Dsn, a.Status);
            feed.Publish(a);
        }
    }

    /// <summary>Holds claimed recipients without an attempt (their destination is down, holding). Not an
    /// attempt: no count, no log line, no retry time; held mail never expires.</summary>
    public async Task ParkAsync(QueuedMessage message, IReadOnlyList<QueuedRecipient> claimed, string reason)
    {
        Task commit;
        using (index.EnterForRelay())
        {
            foreach (var r in claimed)
            {
                r.InFlight = false;
                r.Flush?.Withdrawn(1);
                r.Flush = null;
                if (r.State.IsFinal()) continue;
                r.LastError = reason;
                index.SetStateLocked(r, RecipientState.Held);
            }
            commit = spool.CommitStatesAsync([message.ToStates()]);
        }
        try { await commit.ConfigureAwait(false); }
        catch (Exception e) when (e is SpoolUnavailableException or IOException) { DeliveryLog.RecordFailed(log, message.Id.ToString(), e); }
    }

    // The notice is spooled before the failures are recorded; if it cannot be, the failures wait
    // (deferred) rather than disappear without a word to the sender.
    private async Task NotifySenderAsync(QueuedMessage message, IReadOnlyList<QueuedRecipient> claimed, DeliveryOutcome[] final)
    {
        if (message.Sender.Length == 0) return;
        var failed = Enumerable.Range(0, final.Length).Where(i => final[i].Kind == OutcomeKind.Bounced && !claimed[i].State.IsFinal()).ToList();
        if (failed.Count == 0) return;
        try
        {
            var notice = await bounces.SendAsync(message, failed.Select(i =>
                new BounceWriter.Failure(claimed[i].Address, final[i].Dsn, final[i].Status["Bounced: ".Length..], final[i].Relay)).ToList()).ConfigureAwait(false);
            if (notice is not null) DeliveryLog.NoticeQueued(log, message.Id.ToString(), notice, failed.Count);
        }
        catch (Exception e) when (e is SpoolUnavailableException or IOException)
        {
            DeliveryLog.NoticeFailed(log, message.Id.ToString(), e);
            foreach (var i in failed) final[i] = DeliveryOutcome.Defer(final[i].Relay, "4.3.0", $"bounce notice could not be queued ({e.Message})");
        }
    }

    // Timeout.queuereturn: a temporary failure past the lifetime is final (RFC 3463 4.4.7).
    private DeliveryOutcome Expire(QueuedMessage m, QueuedRecipient r, DeliveryOutcome outcome, long nowMs)
    {
        if (outcome.Kind != OutcomeKind.Deferred || r.State == RecipientState.Held) return outcome;
        var lifetime = options.LifetimeFor(r.Domain, rules.Current);
        var expires = m.ExpiresAtMs != 0 ? m.ExpiresAtMs : m.ReceivedAtMs + (long)lifetime.TotalMilliseconds;
        if (nowMs < expires) return outcome;
        return DeliveryOutcome.Bounce(outcome.Relay, "4.4.7",
            $"Message could not be delivered for {DeliveryLog.FormatDelay(TimeSpan.FromMilliseconds(nowMs - m.ReceivedAtMs))} ({outcome.Status["Deferred: ".Length..]})");
    }
}
