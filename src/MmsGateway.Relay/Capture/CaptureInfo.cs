namespace MmsGateway.Relay.Capture;

public enum CaptureKind { Client, Destination }

/// <summary>One capture as the console lists it.</summary>
public sealed record CaptureInfo(
    int Id,
    CaptureKind Kind,
    string Peer,
    DateTimeOffset StartedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? StoppedAt,
    string? Reason,
    bool Active,
    IReadOnlyList<string> Transcripts);
