using System.Text;
using MmsGateway.Testing;

namespace MmsGateway.Relay.IntegrationTests.Spool;

/// <summary>Segments fill, close and are reclaimed while sessions commit in batches and deliveries release
/// messages on other threads: the situation in which the writer once deleted a segment under messages it was
/// about to acknowledge and died. With that bug back, this test crashed the test host in one of three runs;
/// SpoolWriterTests has the exact case and fails every time.</summary>
public sealed class SegmentRotationTests
{
    [Fact]
    public async Task Many_rotations_under_concurrent_relaying_deliver_every_message_and_reclaim_the_old_segments()
    {
        const int senders = 10, each = 12;
        using var dir = new TempDir();
        await using var sink = SmtpSink.Start();
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Spool:SegmentSize"] = "1048576",
            ["Gateway:Routes:mms.mnc002.mcc238.gprs"] = sink.Hop,
        };
        await using var gw = await TestGateway.StartAsync(dir.Path, settings);

        // About 60 KB each, 120 in all: some seven segments, each closed while others commit and deliveries release.
        await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
        {
            for (var i = 0; i < each; i++)
                await gw.SendRawAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], Mm4Samples.ForwardRequest($"ROT-{s}-{i}", bodyLines: 2_700));
        })));

        await Eventually.True(() => sink.Messages.Count == senders * each, TimeSpan.FromSeconds(60), "every message should reach the sink");
        var ids = sink.Messages.Select(m => Encoding.ASCII.GetString(m.Data)).Select(d => d[d.IndexOf("X-Mms-Transaction-ID: ", StringComparison.Ordinal)..].Split("\r\n")[0]);
        Assert.Equal(senders * each, ids.Distinct().Count());
        await Eventually.True(() => gw.Control.GetCounts().Messages == 0, TimeSpan.FromSeconds(15), "delivered messages should leave the queue");
        await Eventually.True(() => Directory.GetFiles(Path.Combine(dir.Path, "spool"), "*.seg").Length == 1, TimeSpan.FromSeconds(15),
            "with nothing queued, only the active segment should be left");
    }
}
