using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using MmsGateway.Testing;

namespace MmsConsole.Web.Tests.Api;

/// <summary>/hubs/gateway for external clients: a snapshot on connect and every second, and each delivery attempt.</summary>
public sealed class GatewayHubTests
{
    [Fact]
    public async Task A_hub_client_gets_the_queue_statistics_live()
    {
        await using var app = new GatewayAppFactory();
        var snapshots = new List<JsonElement>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/gateway"), o => { o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler(); o.AccessTokenProvider = () => Task.FromResult<string?>(app.AdminToken); })
            .Build();
        hub.On<JsonElement>("stats", s => { lock (snapshots) snapshots.Add(s); });
        await hub.StartAsync();

        Assert.StartsWith("250", await RawSmtp.SendMessageAsync(app.Smtp, "+4587654321/TYPE=PLMN@mms.mnc001.mcc238.gprs",
            "+4512345678/TYPE=PLMN@mms.mnc002.mcc238.gprs", "To: +4512345678/TYPE=PLMN\r\n\r\nhello"));

        await Eventually.True(() => { lock (snapshots) return snapshots.Any(s => s.GetProperty("messages").GetInt32() == 1); },
            TimeSpan.FromSeconds(5), "a snapshot with the new message arrives within a couple of seconds");
        lock (snapshots)
        {
            Assert.True(snapshots.Count >= 2, "one on connect, then one per second");
            Assert.Equal(0, snapshots[0].GetProperty("messages").GetInt32());
        }
    }
}

public sealed class GatewayHubDeliveryTests
{
    [Fact]
    public async Task A_hub_client_gets_each_seconds_delivery_attempts_as_one_batch()
    {
        await using var sink = SmtpSink.Start();
        await using var app = new GatewayAppFactory(new Dictionary<string, string>
        {
            ["Gateway:Delivery:Enabled"] = "true", ["Gateway:Routes:mms.mnc002.mcc238.gprs"] = sink.Hop,
        });
        var lines = new List<string>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/gateway"), o => { o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler(); o.AccessTokenProvider = () => Task.FromResult<string?>(app.AdminToken); })
            .Build();
        hub.On<JsonElement>("deliveries", batch => { lock (lines) lines.AddRange(batch.GetProperty("lines").EnumerateArray().Select(a => a.GetProperty("line").GetString()!)); });
        await hub.StartAsync();
        await hub.InvokeAsync("FollowDeliveries");

        for (var i = 0; i < 3; i++)
            Assert.StartsWith("250", await RawSmtp.SendMessageAsync(app.Smtp, "+4587654321/TYPE=PLMN@mms.mnc001.mcc238.gprs",
                $"+451234567{i}/TYPE=PLMN@mms.mnc002.mcc238.gprs", "To: +4512345678/TYPE=PLMN\r\n\r\nhello"));

        await Eventually.True(() => { lock (lines) return lines.Count == 3; }, TimeSpan.FromSeconds(5), "three attempts arrive within a second or two");
        lock (lines) Assert.All(lines, l => Assert.Matches(@"to=<\+451234567\d/TYPE=PLMN@mms\.mnc002\.mcc238\.gprs>, delay=.*, stat=Sent", l));
    }
}
