using System.Diagnostics;
using System.Net;
using System.Text;
using MmsGateway.Testing;

namespace MmsGateway.Relay.IntegrationTests.Smtp;

/// <summary>One peer must not lock the others out: per-address session limits, deadlines for a whole
/// command line and a whole DATA transfer, and a memory budget for messages being received.</summary>
public sealed class SlowPeerTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private readonly List<RawSmtp> _clients = [];
    private TestGateway? _gateway;

    private async Task<TestGateway> Gateway(Dictionary<string, string?> settings) =>
        _gateway = await TestGateway.StartAsync(_dir.Path, settings);

    private async Task<RawSmtp> Connect(IPAddress? from = null)
    {
        var c = await RawSmtp.ConnectAsync(_gateway!.Endpoint, from);
        _clients.Add(c);
        return c;
    }

    // A session that has just been told 354.
    private async Task<RawSmtp> ConnectAtDataAsync()
    {
        var c = await Connect();
        await c.ReadReplyAsync();
        await c.CommandAsync("EHLO x.example");
        await c.CommandAsync("MAIL FROM:<a@b.example>");
        await c.CommandAsync("RCPT TO:<c@d.example>");
        Assert.StartsWith("354", await c.CommandAsync("DATA"));
        return c;
    }

    [Fact]
    public async Task While_one_address_holds_its_limit_a_partner_from_another_address_is_served_at_once()
    {
        // 127.0.0.1 is our MMSC (a relay client, exempt); 127.0.0.3 and 127.0.0.4 are partners outside.
        var gw = await Gateway(new()
        {
            ["Gateway:Smtp:MaxConnectionsPerClient"] = "3", ["Gateway:Smtp:MaxConnections"] = "20", ["Gateway:RelayClients:0"] = "127.0.0.1",
        });
        var hostile = IPAddress.Parse("127.0.0.3");
        for (var i = 0; i < 3; i++) Assert.StartsWith("220", await (await Connect(hostile)).ReadReplyAsync());

        var refused = await Connect(hostile);
        Assert.Equal($"421 4.7.0 {TestGateway.Hostname} too many connections from your address, try again later", await refused.ReadReplyAsync());
        Assert.True(await refused.IsClosedAsync(TimeSpan.FromSeconds(5)));

        var clock = Stopwatch.StartNew();
        var partner = await Connect(IPAddress.Parse("127.0.0.4"));
        Assert.StartsWith("220", await partner.ReadReplyAsync());
        Assert.StartsWith("250", await partner.CommandAsync("EHLO mms.mnc004.mcc238.gprs"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the partner waited {clock.Elapsed}");

        // Our own MMSC is not limited per address: more sessions than the limit, each one served.
        for (var i = 0; i < 5; i++) Assert.StartsWith("220", await (await Connect(IPAddress.Loopback)).ReadReplyAsync());
        Assert.StartsWith("250 2.0.0 Ok: queued as",
            await RawSmtp.SendMessageAsync(gw.Endpoint, Mm4Samples.Sender, Mm4Samples.Recipient, "Subject: s\r\n\r\nbody", IPAddress.Loopback));

        // A slot given back is free again for the limited address.
        await _clients[0].CommandAsync("QUIT");
        await Eventually.True(async () =>
        {
            await using var again = await RawSmtp.ConnectAsync(gw.Endpoint, hostile);
            return (await again.ReadReplyAsync()).StartsWith("220", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(5), "a finished session must give its address's slot back");
    }

    [Fact]
    public async Task A_command_line_trickled_a_byte_at_a_time_is_timed_out_as_a_whole()
    {
        await Gateway(new() { ["Gateway:Smtp:CommandTimeout"] = "00:00:01.500" });
        var c = await Connect();
        await c.ReadReplyAsync();
        var clock = Stopwatch.StartNew();

        // One byte every 200 ms would restart a per-read timer for ever; the line's deadline does not move.
        string? reply = null;
        foreach (var b in Encoding.ASCII.GetBytes("NOOP and on and on and on and on and on and on and on"))
        {
            try { await c.SendAsync([b]); }
            catch (IOException) { break; }
            await Task.Delay(200);
            if (clock.Elapsed > TimeSpan.FromSeconds(8)) break;
            if (clock.Elapsed > TimeSpan.FromSeconds(1.5)) { reply = await c.ReadReplyAsync(TimeSpan.FromSeconds(5)); break; }
        }

        Assert.Equal($"421 4.4.2 {TestGateway.Hostname} timeout exceeded, closing connection", reply);
        Assert.InRange(clock.Elapsed.TotalSeconds, 1.4, 7);
    }

    [Fact]
    public async Task Complete_commands_each_get_the_full_command_timeout()
    {
        // The pauses are well inside the timeout (CI ran this with a 1 s timeout and 400 ms pauses, and
        // a loaded machine stretched one gap past it); together they are well past it.
        await Gateway(new() { ["Gateway:Smtp:CommandTimeout"] = "00:00:03" });
        var c = await Connect();
        await c.ReadReplyAsync();
        var clock = Stopwatch.StartNew();

        // Four commands spread over more than one timeout: each answered, the session stays.
        for (var i = 0; i < 4; i++)
        {
            Assert.StartsWith("250", await c.CommandAsync("NOOP"));
            await Task.Delay(1000);
        }
        Assert.StartsWith("250", await c.CommandAsync("NOOP"));
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(3), $"the session lasted only {clock.Elapsed}");
    }

    [Fact]
    public async Task A_DATA_transfer_trickled_past_its_deadline_is_closed_and_nothing_is_queued()
    {
        var gw = await Gateway(new() { ["Gateway:Smtp:DataTransferTimeout"] = "00:00:01.500", ["Gateway:Smtp:DataTimeout"] = "00:01:00" });
        var c = await ConnectAtDataAsync();
        var clock = Stopwatch.StartNew();

        string? reply = null;
        for (var i = 0; i < 40 && reply is null; i++)
        {
            try { await c.SendAsync($"line {i}\r\n"); }
            catch (IOException) { break; }
            await Task.Delay(200);
            if (clock.Elapsed > TimeSpan.FromSeconds(1.5)) reply = await c.ReadReplyAsync(TimeSpan.FromSeconds(5));
        }

        Assert.Equal($"421 4.4.2 {TestGateway.Hostname} DATA took too long, closing connection", reply);
        Assert.Equal(0, gw.Control.GetCounts().Messages);
    }

    [Fact]
    public async Task Past_the_memory_budget_a_DATA_gets_451_and_the_sender_keeps_its_message()
    {
        var gw = await Gateway(new() { ["Gateway:Smtp:DataMemoryBudget"] = "1048576" });
        var line = new string('x', 998) + "\r\n";

        // The first session holds 900 KB of its message in memory, unfinished.
        var holder = await ConnectAtDataAsync();
        await holder.SendAsync("Subject: first\r\n\r\n" + string.Concat(Enumerable.Repeat(line, 900)));
        // Sent is not received: under load the second session could otherwise overtake the first's bytes.
        var listener = (MmsGateway.Relay.Smtp.SmtpListener)gw.Services.GetService(typeof(MmsGateway.Relay.Smtp.SmtpListener))!;
        await Eventually.True(() => listener.DataBudget.Used >= 900 * 1000, TimeSpan.FromSeconds(10), "the gateway holds the first message's 900 KB");

        // A second, larger than what is left, is refused at its end with a temporary reply.
        var second = await RawSmtp.SendMessageAsync(gw.Endpoint, "a@b.example", "c@d.example",
            "Subject: second\r\n\r\n" + string.Concat(Enumerable.Repeat(line, 300)).TrimEnd());
        Assert.StartsWith("451 4.3.1", second);

        // The first completes and is queued; its memory given back, the second's retry is accepted.
        Assert.StartsWith("250", await holder.CommandAsync("."));
        var retry = await RawSmtp.SendMessageAsync(gw.Endpoint, "a@b.example", "c@d.example",
            "Subject: second\r\n\r\n" + string.Concat(Enumerable.Repeat(line, 300)).TrimEnd());
        Assert.StartsWith("250", retry);
        Assert.Equal(2, gw.Control.GetCounts().Messages);
        await Eventually.True(() => gw.Services.GetService(typeof(MmsGateway.Relay.Smtp.SmtpListener)) is MmsGateway.Relay.Smtp.SmtpListener l && l.DataBudget.Used == 0,
            TimeSpan.FromSeconds(5), "every spooled message gives its memory back");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var c in _clients) await c.DisposeAsync();
        if (_gateway is not null) await _gateway.DisposeAsync();
        _dir.Dispose();
    }
}
