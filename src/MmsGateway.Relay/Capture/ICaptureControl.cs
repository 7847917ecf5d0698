namespace MmsGateway.Relay.Capture;

/// <summary>Traffic capture (the seed's sendmail -X) for one peer at a time, always time-boxed so it
/// cannot stay on by accident. One transcript file per SMTP session under the data directory.</summary>
public interface ICaptureControl
{
    /// <summary>Captures sessions from the client <paramref name="peer"/> (an IP address) or to the
    /// destination domain <paramref name="peer"/>, starting with the next session, until
    /// <paramref name="duration"/> (default 15 minutes) has passed or it is stopped.</summary>
    CaptureInfo Start(CaptureKind kind, string peer, TimeSpan? duration = null, string? reason = null);

    /// <summary>Ends a capture now; sessions in progress stop writing at their next line.</summary>
    bool Stop(int id);

    /// <summary>Running captures and the ended ones whose transcripts are still on disk, newest first.</summary>
    IReadOnlyList<CaptureInfo> List();

    /// <summary>A transcript's text by its file name (as listed), or null.</summary>
    Stream? OpenTranscript(int id, string name);
}
