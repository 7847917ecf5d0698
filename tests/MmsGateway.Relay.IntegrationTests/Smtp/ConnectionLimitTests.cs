using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using MmsGateway.Testing;

namespace MmsGateway.Relay.IntegrationTests.Smtp;

public sealed class ConnectionLimitTests
{
    [Fact]
    public async Task A_flood_beyond_the_connection_limit_gets_421_while_admitted_sessions_keep_being_served()
    {
        using var dir = new TempDir();
        await using var gw = await TestGateway.StartAsync(dir.Path, new Dictionary<string, string?> { ["Gateway:Smtp:MaxConnections"] = "5" });
        var admitted = new List<RawSmtp>();
        for (var i = 0; i < 5; i++)
        {
            var c = await RawSmtp.ConnectAsync(gw.Endpoint);
            Assert.StartsWith("220", await c.ReadReplyAsync());
            admitted.Add(c);
        }

        var flood = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            await using var c = await RawSmtp.ConnectAsync(gw.Endpoint);
            return (Reply: await c.ReadReplyAsync(), Closed: await c.IsClosedAsync(TimeSpan.FromSeconds(5)));
        }));

        Assert.All(flood, r => Assert.Equal(($"421 4.7.0 {TestGateway.Hostname} too many connections, try again later", true), r));
        Assert.StartsWith("250", await admitted[0].CommandAsync("EHLO still.served.example"));
        await admitted[0].CommandAsync("QUIT");
        await Eventually.True(() => gw.Services.GetService<MmsGateway.Relay.Smtp.SmtpListener>()!.ActiveSessions == 4,
            TimeSpan.FromSeconds(5), "a finished session must free its slot");
        await using var next = await RawSmtp.ConnectAsync(gw.Endpoint);
        Assert.StartsWith("220", await next.ReadReplyAsync());
        foreach (var c in admitted) await c.DisposeAsync();
    }

    [Fact]
    public async Task An_idle_client_is_closed_with_421_after_the_command_timeout()
    {
        using var dir = new TempDir();
        await using var gw = await TestGateway.StartAsync(dir.Path, new Dictionary<string, string?> { ["Gateway:Smtp:CommandTimeout"] = "00:00:01" });
        var clock = Stopwatch.StartNew();    // before connecting: the server's idle timer starts after that
        await using var c = await RawSmtp.ConnectAsync(gw.Endpoint);
        Assert.StartsWith("220", await c.ReadReplyAsync());

        var reply = await c.ReadReplyAsync(TimeSpan.FromSeconds(10));

        Assert.Equal($"421 4.4.2 {TestGateway.Hostname} timeout exceeded, closing connection", reply);
        Assert.True(await c.IsClosedAsync(TimeSpan.FromSeconds(5)));
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.95, 6);
    }

    [Fact]
    public async Task A_client_stalling_inside_DATA_is_closed_after_the_data_timeout_and_nothing_is_queued()
    {
        using var dir = new TempDir();
        await using var gw = await TestGateway.StartAsync(dir.Path, new Dictionary<string, string?> { ["Gateway:Smtp:DataTimeout"] = "00:00:01" });
        await using var c = await RawSmtp.ConnectAsync(gw.Endpoint);
        await c.ReadReplyAsync();
        await c.CommandAsync("EHLO x.example");
        await c.CommandAsync("MAIL FROM:<a@b.example>");
        await c.CommandAsync("RCPT TO:<c@d.example>");
        await c.CommandAsync("DATA");

        await c.SendAsync("Subject: half a message\r\n");

        Assert.StartsWith("421 4.4.2", await c.ReadReplyAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, gw.Control.GetCounts().Messages);
    }
}
