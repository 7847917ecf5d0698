using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MmsGateway.Relay.Control;
using MmsGateway.Testing;

namespace MmsConsole.Web.Tests.Api;

/// <summary>Registry → relay, over real sockets: another operator's gateway (played from 127.0.0.2)
/// against our access policy, and an operator parked and brought back through the API.</summary>
public sealed class PolicyEndToEndTests
{
    private const string Ours = "mms.mnc001.mcc238.gprs", Mnc002 = "mms.mnc002.mcc238.gprs", Mnc003 = "mms.mnc003.mcc238.gprs";
    private static readonly IPAddress RemoteGateway = IPAddress.Parse("127.0.0.2");

    private static async Task<string> Rcpt(GatewayAppFactory app, IPAddress from, string sender, string recipient)
    {
        await using var c = await RawSmtp.ConnectAsync(app.Smtp, from);
        await c.ReadReplyAsync();
        await c.CommandAsync("EHLO mm4gw.remote.example");
        await c.CommandAsync($"MAIL FROM:<{sender}>");
        return await c.CommandAsync($"RCPT TO:<{recipient}>");
    }

    [Fact]
    public async Task Another_operators_gateway_may_send_only_to_us_and_only_with_an_agreement()
    {
        // Only 127.0.0.1 is a relay client here, so 127.0.0.2 is an outside MM4 gateway.
        await using var app = new GatewayAppFactory(new Dictionary<string, string> { ["Gateway:RelayClients:0"] = "127.0.0.1" });
        using var http = app.CreateClient();
        (await http.PutAsync("/api/our-side", System.Net.Http.Json.JsonContent.Create(new
            { domains = new[] { new { domain = Ours, mmscHops = new[] { "[127.0.0.1]:9" } } }, relayClients = Array.Empty<object>() }))).EnsureSuccessStatusCode();
        (await http.Post("/api/operators", new { name = "Three", domains = new[] { Mnc003 }, nextHops = new[] { "[127.0.0.1]:9" }, inboundAllowed = true })).EnsureSuccessStatusCode();
        (await http.Post("/api/operators", new { name = "Two", domains = new[] { Mnc002 }, nextHops = new[] { "[127.0.0.1]:9" }, inboundAllowed = false })).EnsureSuccessStatusCode();

        Assert.StartsWith("250", await Rcpt(app, RemoteGateway, $"+4533333333/TYPE=PLMN@{Mnc003}", $"+4511111111/TYPE=PLMN@{Ours}"));
        Assert.Equal($"550 5.7.1 <+4522222222/TYPE=PLMN@{Mnc002}>: Sender domain {Mnc002} has no interconnect agreement with us",
            await Rcpt(app, RemoteGateway, $"+4522222222/TYPE=PLMN@{Mnc002}", $"+4511111111/TYPE=PLMN@{Ours}"));
        Assert.Equal($"550 5.7.1 <+4522222222/TYPE=PLMN@{Mnc002}>: Relay access denied",
            await Rcpt(app, RemoteGateway, $"+4533333333/TYPE=PLMN@{Mnc003}", $"+4522222222/TYPE=PLMN@{Mnc002}"));
        Assert.StartsWith("250", await Rcpt(app, IPAddress.Loopback, $"+4511111111/TYPE=PLMN@{Ours}", $"+4522222222/TYPE=PLMN@{Mnc002}"));

        // The agreement with Two is signed: its next session is accepted.
        var two = (await http.GetJson("/api/operators")).EnumerateArray().Single(o => o.GetProperty("name").GetString() == "Two");
        (await http.PutAsync($"/api/operators/{two.GetProperty("id").GetInt32()}", System.Net.Http.Json.JsonContent.Create(new
            { name = "Two", domains = new[] { Mnc002 }, nextHops = new[] { "[127.0.0.1]:9" }, inboundAllowed = true }))).EnsureSuccessStatusCode();
        Assert.StartsWith("250", await Rcpt(app, RemoteGateway, $"+4522222222/TYPE=PLMN@{Mnc002}", $"+4511111111/TYPE=PLMN@{Ours}"));
    }

    [Fact]
    public async Task An_operator_parked_through_the_api_gets_its_mail_when_brought_up()
    {
        await using var sink = SmtpSink.Start();
        await using var app = new GatewayAppFactory(new Dictionary<string, string> { ["Gateway:Delivery:Enabled"] = "true" });
        using var http = app.CreateClient();
        var created = await (await http.Post("/api/operators", new { name = "Two", domains = new[] { Mnc002 }, nextHops = new[] { sink.Hop } })).Json();
        var id = created.GetProperty("id").GetInt32();
        (await http.Post($"/api/operators/{id}/status", new { status = "Holding", reason = "their MMSC upgrade" })).EnsureSuccessStatusCode();

        await using (var c = await RawSmtp.ConnectAsync(app.Smtp))
        {
            await c.ReadReplyAsync();
            await c.CommandAsync("EHLO mmsc.mnc001.mcc238.gprs");
            await c.CommandAsync($"MAIL FROM:<+4511111111/TYPE=PLMN@{Ours}>");
            await c.CommandAsync($"RCPT TO:<+4522222222/TYPE=PLMN@{Mnc002}>");
            await c.CommandAsync("DATA");
            Assert.StartsWith("250", await c.CommandAsync("X-Mms-Message-Type: MM4_forward.REQ\r\n\r\nparked\r\n."));
        }
        var queue = app.Services.GetRequiredService<IQueueControl>();
        await Eventually.True(() => queue.GetCounts().Held == 1, TimeSpan.FromSeconds(10), "mail for a holding operator is parked");
        // Parked at its claim, never tried: the park's own error, and not one connection to the partner.
        var parked = queue.Search(QueueSelection.All).Items.Single().Recipients.Single();
        Assert.Contains("Two is down", parked.LastError);
        Assert.Equal(0, sink.Connections);
        Assert.Empty(sink.Messages);

        (await http.Post($"/api/operators/{id}/status", new { status = "Active" })).EnsureSuccessStatusCode();
        await Eventually.True(() => sink.Messages.Count == 1, TimeSpan.FromSeconds(10), "bringing it up releases and flushes its mail");
    }
}
