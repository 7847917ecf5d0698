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
            .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/gateway"), o => o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler())
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
