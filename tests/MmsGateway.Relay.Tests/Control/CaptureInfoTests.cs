using MmsGateway.Relay.Capture;

namespace MmsGateway.Relay.Tests.Control;

public sealed class CaptureInfoTests
{
    private static CaptureInfo Info(params string[] transcripts) =>
        new(1, CaptureKind.Destination, "mms.mnc009.mcc238.gprs", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(15), null, "why", true, transcripts.ToList());

    [Fact]
    public void Two_listings_of_an_unchanged_capture_are_equal_so_the_console_keeps_its_row()
    {
        Assert.Equal(Info("a.log", "b.log"), Info("a.log", "b.log"));
        Assert.Equal(Info("a.log").GetHashCode(), Info("a.log").GetHashCode());
        Assert.NotEqual(Info("a.log"), Info("a.log", "b.log"));
        Assert.NotEqual(Info("a.log"), Info("a.log") with { Active = false });
    }
}
