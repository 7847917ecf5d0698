namespace MmsGateway.Relay.Spool;

/// <summary>What the spool keeps of one message besides its bytes: the envelope and each recipient's
/// last state. The spool stores recipient states without reading them; the queue gives them meaning,
/// so the on-disk format stays the spool's and the queue's types stay the queue's.</summary>
public sealed record SpoolEnvelope(
    ulong Id, long ReceivedAtMs, long ExpiresAtMs, string Sender, string ClientAddress, string Helo, long Size,
    SpoolRecipient[] Recipients);

/// <summary>One envelope recipient as spooled: the address as sent, its lower-cased domain, its state.</summary>
public readonly record struct SpoolRecipient(string Address, string Domain, RecipientSnapshot State);

/// <summary>A recipient's delivery state as one record stores it. <see cref="State"/> is the queue's
/// state code, opaque here.</summary>
public readonly record struct RecipientSnapshot(byte State, int Attempts, long NextAttemptMs, string? LastError);

/// <summary>A state record: the whole recipient-state vector of one message, so the latest record wins.</summary>
public sealed record SpoolStates(ulong Id, long ExpiresAtMs, RecipientSnapshot[] Recipients);

/// <summary>A message found at recovery, with the states of its latest record applied.</summary>
public sealed record RecoveredMessage(SpoolEnvelope Envelope, SpoolLocation Body);
