using MmsGateway.Testing;

namespace MmsGateway.Relay.IntegrationTests.Smtp;

/// <summary>RFC 5321 §6.3: a message that has passed too many relays is in a loop and is refused.</summary>
public sealed class LoopGuardTests
{
    private static string WithHops(int hops) =>
        string.Concat(Enumerable.Range(0, hops).Select(i => $"Received: from relay{i}.example by relay{i + 1}.example;\r\n\tMon, 1 Jan 2026 00:00:00 +0000\r\n"))
        + "Subject: looping\r\n\r\nreceived: in the body does not count\r\nReceived: nor here\r\n";

    [Theory]
    [InlineData(25, "250 2.0.0")]
    [InlineData(26, "554 5.4.6")]
    public async Task More_Received_headers_than_MaxHops_is_refused_as_a_loop(int hops, string expected)
    {
        using var dir = new TempDir();
        await using var gw = await TestGateway.StartAsync(dir.Path);

        var reply = await RawSmtp.SendMessageAsync(gw.Endpoint, Mm4Samples.Sender, Mm4Samples.Recipient, WithHops(hops).TrimEnd());

        Assert.StartsWith(expected, reply);
        Assert.Equal(expected.StartsWith('2') ? 1 : 0, gw.Control.GetCounts().Messages);
    }

    [Fact]
    public async Task The_limit_is_configurable_and_counts_header_names_in_any_case()
    {
        using var dir = new TempDir();
        await using var gw = await TestGateway.StartAsync(dir.Path, new Dictionary<string, string?> { ["Gateway:Smtp:MaxHops"] = "2" });
        var text = "RECEIVED: from a\r\nreceived: from b\r\nReceived:from c\r\nSubject: s\r\n\r\nbody";

        var reply = await RawSmtp.SendMessageAsync(gw.Endpoint, Mm4Samples.Sender, Mm4Samples.Recipient, text);

        Assert.Equal("554 5.4.6 Error: too many hops (3 Received: headers, at most 2); mail loop?", reply);
    }
}
