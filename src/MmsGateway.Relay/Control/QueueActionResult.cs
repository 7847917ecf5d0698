namespace MmsGateway.Relay.Control;

/// <summary>What a hold, release, delete or bounce did: recipients changed, and for a release the
/// messages whose lifetime had run out while held and was extended instead of bouncing them.</summary>
public sealed record QueueActionResult(int Recipients, int LifetimesExtended = 0, int NoticesSent = 0)
{
    public override string ToString() =>
        $"{Recipients} recipients" +
        (LifetimesExtended > 0 ? $"; lifetime extended for {LifetimesExtended} messages held past it (not bounced)" : "") +
        (NoticesSent > 0 ? $"; {NoticesSent} bounce notices queued" : "");
}
