using MmsGateway.Relay.Capture;

namespace MmsConsole.Web.Actions;

/// <summary>Traffic capture (the seed's sendmail -X), from the Captures page or the API: each the
/// capture call and its audit entry. A transcript holds message contents, so each read is recorded.</summary>
public sealed class CaptureActions(ICaptureControl captures, ActionAudit audit)
{
    /// <summary>Starts a time-boxed capture; an unusable peer or duration throws ArgumentException (recorded as refused).</summary>
    public async Task<CaptureInfo> StartAsync(Actor by, CaptureKind kind, string peer, TimeSpan? duration, string? reason)
    {
        CaptureInfo info;
        try
        {
            info = captures.Start(kind, peer, duration, reason);
        }
        catch (ArgumentException e)
        {
            await audit.RefusedAsync(by, "capture.start", $"{kind} {peer}", e.Message, reason);
            throw;
        }
        await audit.RecordAsync(by, "capture.start", $"{info.Kind} {info.Peer}", new Started(info.Id, duration?.TotalMinutes, info.ExpiresAt), reason);
        return info;
    }

    public async Task<bool> StopAsync(Actor by, int id)
    {
        var stopped = captures.Stop(id);
        await audit.RecordAsync<object>(by, "capture.stop", $"capture {id}", null, null, stopped);
        return stopped;
    }

    public async Task<Stream?> OpenTranscriptAsync(Actor by, int id, string name)
    {
        var stream = captures.OpenTranscript(id, name);
        await audit.RecordAsync<object>(by, "capture.read", $"capture {id} {name}", null, null, stream is not null);
        return stream;
    }

    private sealed record Started(int Id, double? Minutes, DateTimeOffset ExpiresAt);
}
