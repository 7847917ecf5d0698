using MmsGateway.Testing;

namespace MmsGateway.Relay.IntegrationTests.Durability;

public sealed class ShutdownTests
{
    [Fact]
    public async Task On_stop_an_idle_session_gets_421_and_a_transaction_in_flight_finishes_with_250()
    {
        using var dir = new TempDir();
        var gw = await TestGateway.StartAsync(dir.Path);
        await using var idle = await RawSmtp.ConnectAsync(gw.Endpoint);
        await using var busy = await RawSmtp.ConnectAsync(gw.Endpoint);
        await idle.ReadReplyAsync();
        await busy.ReadReplyAsync();
        await busy.CommandAsync("EHLO busy.example");
        await busy.CommandAsync("MAIL FROM:<a@b.example>");
        await busy.CommandAsync("RCPT TO:<c@d.example>");
        await busy.CommandAsync("DATA");
        await busy.SendAsync("Subject: in flight\r\n\r\nfirst half\r\n");

        var stopping = gw.StopAsync();

        Assert.StartsWith("421 4.3.2", await idle.ReadReplyAsync());
        Assert.False(stopping.IsCompleted, "stop must wait for the transaction in flight");
        await busy.SendAsync("second half\r\n.\r\n");
        Assert.StartsWith("250 2.0.0 Ok: queued as", await busy.ReadReplyAsync());
        Assert.StartsWith("421 4.3.2", await busy.ReadReplyAsync());
        await stopping;
        await gw.DisposeAsync();
        await using var restarted = await TestGateway.StartAsync(dir.Path);
        Assert.Equal(1, restarted.Control.GetCounts().Messages);
    }

    [Fact]
    public async Task SIGTERM_stops_the_real_gateway_cleanly_and_its_queue_is_intact_afterwards()
    {
        using var dir = new TempDir();
        await using (var gw = await GatewayProcess.StartAsync(dir.Path))
        {
            // The ready file named what the kernel bound for port 0, and this process.
            using var ready = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir.Path, "ready.json")));
            Assert.Equal(gw.Id, ready.RootElement.GetProperty("pid").GetInt32());
            Assert.NotEqual(0, gw.Smtp.Port);
            Assert.NotEqual(0, gw.Web.Port);
            await using (var c = await RawSmtp.ConnectAsync(gw.Smtp))
            {
                await c.ReadReplyAsync();
                await c.CommandAsync("EHLO x.example");
                await c.CommandAsync("MAIL FROM:<a@b.example>");
                await c.CommandAsync("RCPT TO:<+4512345678/TYPE=PLMN@mms.mnc002.mcc238.gprs>");
                await c.CommandAsync("DATA");
                Assert.StartsWith("250", await c.CommandAsync("Subject: before SIGTERM\r\n\r\nbody\r\n."));
            }

            Assert.True(await gw.TerminateAsync(TimeSpan.FromSeconds(20)), "the gateway did not exit after SIGTERM:\n" + gw.Output);
            await gw.WaitForExitAsync(TimeSpan.FromSeconds(5));   // and its last output read
            Assert.True(gw.ExitCode == 0, $"exit code {gw.ExitCode}:\n{gw.Output}");
            // A clean stop takes its ready file away: nothing waiting on it mistakes a stopped gateway for a live one.
            Assert.False(File.Exists(Path.Combine(dir.Path, "ready.json")));
        }

        await using var restarted = await TestGateway.StartAsync(dir.Path);
        Assert.Equal(1, restarted.Control.GetCounts().Messages);
    }

    [Theory]
    [InlineData("Gateway:Smtp:MaxMessageSize", "-5", "Gateway:Smtp:MaxMessageSize is -5")]
    [InlineData("Gateway:Smtp:Listen:1", "nonsense", "Gateway:Smtp:Listen:1 'nonsense' is not an IP address:port")]
    [InlineData("Gateway:Smtp:CommandTimeout", "soon", "'Gateway:Smtp:CommandTimeout'")]
    [InlineData("Gateway:Routes:mms.mnc002.mcc238.gprs", "[10.0.0.300]:25", "Gateway:Routes:mms.mnc002.mcc238.gprs: '10.0.0.300' in '[10.0.0.300]:25' is not an IP address")]
    [InlineData("Gateway:Delivery:RetryJitter", "1.5", "Gateway:Delivery:RetryJitter is 1.5")]
    [InlineData("Gateway:Smtp:Listen:1", "127.0.0.1:0 starttls=require", "offers STARTTLS but Gateway:Smtp:Tls:CertificateFile is not set")]
    [InlineData("Gateway:Smtp:Tls:CertificateFile", "/nonexistent/smtp.crt", "Gateway:Smtp:Tls:CertificateFile '/nonexistent/smtp.crt' cannot be used")]
    public async Task An_invalid_setting_stops_start_up_with_a_message_naming_the_key(string key, string value, string expected)
    {
        using var dir = new TempDir();

        await using var gw = await GatewayProcess.StartAsync(dir.Path, [$"--{key}", value], waitReady: false);

        Assert.True(await gw.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the gateway should refuse to start");
        Assert.Equal(2, gw.ExitCode);
        Assert.Contains("Configuration error: ", gw.Output);
        Assert.Contains(expected, gw.Output);
    }
}
