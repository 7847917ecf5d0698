using MailKit.Net.Smtp;
using MimeKit;
using MmsGateway.Testing;

namespace MmsGateway.Relay.IntegrationTests.Smtp;

public sealed class MailKitPipeliningTests
{
    [Fact]
    public async Task MailKit_pipelines_twenty_multi_recipient_transactions_on_one_connection_and_every_one_is_queued()
    {
        using var dir = new TempDir();
        await using var gw = await TestGateway.StartAsync(dir.Path);
        using var client = new SmtpClient { LocalDomain = TestGateway.ClientName };
        await client.ConnectAsync(gw.Endpoint.Address.ToString(), gw.Endpoint.Port, MailKit.Security.SecureSocketOptions.None);
        Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.Pipelining));

        for (var i = 0; i < 20; i++)
        {
            var message = MimeMessage.Load(new MemoryStream(Mm4Samples.ForwardRequest($"P{i}")));
            await client.SendAsync(message, MailboxAddress.Parse(Mm4Samples.Sender),
                [MailboxAddress.Parse($"+4510{i:D6}/TYPE=PLMN@mms.mnc002.mcc238.gprs"), MailboxAddress.Parse($"+4520{i:D6}/TYPE=PLMN@mms.mnc003.mcc238.gprs")]);
        }
        await client.DisconnectAsync(quit: true);

        var counts = gw.Control.GetCounts();
        Assert.Equal((20, 40), (counts.Messages, counts.Recipients));
        Assert.Equal([20, 20], counts.Destinations.Select(d => d.Ready));
    }
}
