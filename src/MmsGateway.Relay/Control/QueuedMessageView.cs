namespace MmsGateway.Relay.Control;

/// <summary>A queued message as the console and API show it: a copy, safe to hold on to.</summary>
public sealed record QueuedMessageView(
    string QueueId,
    DateTimeOffset ReceivedAt,
    string Sender,
    string ClientAddress,
    string Helo,
    long Size,
    IReadOnlyList<RecipientView> Recipients);

/// <summary>One recipient of a queued message. <see cref="Matched"/> tells whether the selection
/// that listed the message picked this recipient.</summary>
public sealed record RecipientView(
    string Address,
    string Domain,
    string State,
    int Attempts,
    DateTimeOffset? NextAttempt,
    string? LastError,
    bool Matched);

/// <summary>One page of a selection, with the totals of the whole selection.</summary>
public sealed record QueuePage(int TotalMessages, int TotalRecipients, IReadOnlyList<QueuedMessageView> Items);
