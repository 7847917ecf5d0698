using MmsGateway.Relay.Control;
using MmsGateway.Relay.Queue;
using MmsGateway.Testing;

namespace MmsGateway.Relay.IntegrationTests.Spool;

public sealed class RestartRecoveryTests
{
    private static QueueSelection Select(params string[] terms)
    {
        Assert.True(QueueSelection.TryParse(terms, out var s, out var error), error);
        return s;
    }

    [Fact]
    public async Task After_a_restart_every_queued_message_is_back_with_its_state_and_bytes()
    {
        using var dir = new TempDir();
        var ids = new List<string>();
        byte[] original = Mm4Samples.ForwardRequest("R1");
        await using (var gw = await TestGateway.StartAsync(dir.Path))
        {
            ids.Add((await gw.SendAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], original)).Split(' ')[^1]);
            ids.Add((await gw.SendAsync(Mm4Samples.Sender, ["+4511111111/TYPE=PLMN@mms.mnc003.mcc238.gprs"], Mm4Samples.ForwardRequest("R2"))).Split(' ')[^1]);
            ids.Add((await gw.SendAsync(Mm4Samples.Sender, ["+4522222222/TYPE=PLMN@mms.mnc004.mcc238.gprs"], Mm4Samples.ForwardRequest("R3"))).Split(' ')[^1]);
            Assert.Equal(1, (await gw.Control.HoldAsync(Select("Dmms.mnc003.mcc238.gprs"))).Recipients);
            Assert.Equal(1, (await gw.Control.DeleteAsync(Select("I" + ids[2]))).Recipients);
        }

        await using var restarted = await TestGateway.StartAsync(dir.Path);

        var counts = restarted.Control.GetCounts();
        Assert.Equal((2, 1, 1), (counts.Messages, counts.Ready, counts.Held));
        Assert.Equal("held", restarted.Control.Find(ids[1])!.Recipients.Single().State);
        Assert.Null(restarted.Control.Find(ids[2]));
        using var body = restarted.Control.OpenMessage(ids[0])!;
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy);
        Assert.Equal(original, Mm4Samples.AfterReceivedHeader(copy.ToArray()));
    }

    [Fact]
    public async Task Queue_ids_issued_after_a_restart_are_new()
    {
        using var dir = new TempDir();
        string before;
        await using (var gw = await TestGateway.StartAsync(dir.Path))
            before = (await gw.SendAsync("a@b.example", ["c@d.example"], Mm4Samples.ForwardRequest())).Split(' ')[^1];

        await using var restarted = await TestGateway.StartAsync(dir.Path);
        var after = (await restarted.SendAsync("a@b.example", ["c@d.example"], Mm4Samples.ForwardRequest())).Split(' ')[^1];

        Assert.True(string.CompareOrdinal(after, before) > 0, $"{after} should sort after {before}");
        Assert.Equal(2, restarted.Control.GetCounts().Messages);
    }

    [Fact]
    public async Task A_torn_record_at_the_end_of_the_spool_is_cut_off_and_everything_before_it_survives()
    {
        using var dir = new TempDir();
        await using (var gw = await TestGateway.StartAsync(dir.Path))
            for (var i = 0; i < 3; i++) await gw.SendAsync("a@b.example", ["c@d.example"], Mm4Samples.ForwardRequest($"T{i}"));
        var newest = Directory.GetFiles(Path.Combine(dir.Path, "spool"), "*.seg").Order().Last();
        var intact = new FileInfo(newest).Length;
        // What a crash mid-write leaves: the start of a record and no more.
        await File.AppendAllTextAsync(newest, "MSQ1 half a record");

        await using var restarted = await TestGateway.StartAsync(dir.Path);

        Assert.Equal(3, restarted.Control.GetCounts().Messages);
        Assert.Equal(intact, new FileInfo(newest).Length);
        var sent = await restarted.SendAsync("a@b.example", ["c@d.example"], Mm4Samples.ForwardRequest("T4"));
        Assert.Contains("Ok: queued as", sent);
    }

    [Fact]
    public async Task A_second_gateway_on_the_same_data_directory_is_refused()
    {
        using var dir = new TempDir();
        await using var first = await TestGateway.StartAsync(dir.Path);

        var error = await Assert.ThrowsAsync<IOException>(() => TestGateway.StartAsync(dir.Path));

        Assert.Contains("in use by another gateway", error.Message);
    }

    [Fact]
    public async Task Segments_whose_messages_have_all_left_are_deleted_oldest_first()
    {
        using var dir = new TempDir();
        var settings = new Dictionary<string, string?> { ["Gateway:Spool:SegmentSize"] = "1048576" };
        await using var gw = await TestGateway.StartAsync(dir.Path, settings);
        var big = Mm4Samples.ForwardRequest("BIG", bodyLines: 20_000);   // about 450 KB
        for (var i = 0; i < 8; i++) await gw.SendAsync("a@b.example", ["c@d.example"], big);
        var spool = Path.Combine(dir.Path, "spool");
        var before = Directory.GetFiles(spool, "*.seg").Length;

        await gw.Control.DeleteAsync(QueueSelection.All);
        await gw.SendAsync("a@b.example", ["c@d.example"], big);   // forces a rotation past the full segment
        await gw.SendAsync("a@b.example", ["c@d.example"], big);

        Assert.True(before >= 3, $"expected several segments, found {before}");
        Assert.True(Directory.GetFiles(spool, "*.seg").Length <= 2, "dead segments must be reclaimed");
        Assert.Equal(2, gw.Control.GetCounts().Messages);
    }
}
