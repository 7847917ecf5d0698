using System.Net.Sockets;
using System.Text;
using MmsGateway.Testing;

namespace MmsGateway.Relay.IntegrationTests.Smtp;

public sealed class Ipv6ListenTests
{
    [Fact]
    public async Task An_IPv6_listener_accepts_mail_and_records_the_client_as_an_IPv6_address_literal()
    {
        using var dir = new TempDir();
        await using var gw = await TestGateway.StartAsync(dir.Path, new Dictionary<string, string?> { ["Gateway:Smtp:Listen:0"] = "[::1]:0" });
        Assert.Equal(AddressFamily.InterNetworkV6, gw.Endpoint.AddressFamily);

        var response = await gw.SendAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], Mm4Samples.ForwardRequest("V6"));

        using var body = gw.Control.OpenMessage(response.Split(' ')[^1])!;
        var text = await new StreamReader(body, Encoding.Latin1).ReadToEndAsync();
        Assert.StartsWith($"Received: from {TestGateway.ClientName} ([IPv6:::1])", text);
    }
}
