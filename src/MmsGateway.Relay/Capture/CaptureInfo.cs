namespace MmsGateway.Relay.Capture;

public enum CaptureKind { Client, Destination }

/// <summary>One capture as the console lists it.</summary>
/// <remarks>Equal when every field is, the transcripts compared name by name: the console lists captures
/// afresh every second, and MudTable keys its rows by item, so a list compared by reference made every
/// row (and its Stop button) a new element each second, and a click landing on the old one was lost.</remarks>
public sealed record CaptureInfo(
    int Id,
    CaptureKind Kind,
    string Peer,
    DateTimeOffset StartedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? StoppedAt,
    string? Reason,
    bool Active,
    IReadOnlyList<string> Transcripts)
{
    public bool Equals(CaptureInfo? other) =>
        other is not null && Id == other.Id && Kind == other.Kind && Peer == other.Peer && StartedAt == other.StartedAt
        && ExpiresAt == other.ExpiresAt && StoppedAt == other.StoppedAt && Reason == other.Reason && Active == other.Active
        && Transcripts.SequenceEqual(other.Transcripts, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Id, Kind, Peer, StartedAt, ExpiresAt, StoppedAt, Active, Transcripts.Count);
}
