using MmsGateway.Relay.Policy;

namespace MmsGateway.Relay.Tests.Policy;

public class AccessEntryTests
{
    [Theory]
    [InlineData("Connect:localhost                RELAY", AccessKind.Connect, "localhost", AccessAction.Relay, null)]
    [InlineData("Connect:127.0.0.1 RELAY", AccessKind.Connect, "127.0.0.1", AccessAction.Relay, null)]
    [InlineData("Connect:10.0.0 RELAY", AccessKind.Connect, "10.0.0.0/24", AccessAction.Relay, null)]
    [InlineData("Connect:IPv6:2001:db8::1 REJECT", AccessKind.Connect, "2001:db8::1", AccessAction.Reject, null)]
    [InlineData("To:mms.mnc002.mccXXX.gprs\tREJECT", AccessKind.To, "mms.mnc002.mccxxx.gprs", AccessAction.Reject, null)]
    [InlineData("From:mms.mnc003.mcc238.gprs     OK", AccessKind.From, "mms.mnc003.mcc238.gprs", AccessAction.Ok, null)]
    [InlineData("To:example.net ERROR:4.7.1:451 peer maintenance", AccessKind.To, "example.net", AccessAction.Tempfail, "peer maintenance")]
    [InlineData("To:example.net ERROR:\"550 no such operator\"", AccessKind.To, "example.net", AccessAction.Reject, "no such operator")]
    [InlineData("From:spam@ REJECT", AccessKind.From, "spam@", AccessAction.Reject, null)]
    public void Parses_the_seeds_access_map_lines(string line, AccessKind kind, string key, AccessAction action, string? text)
    {
        Assert.True(AccessEntry.TryParse(line, out var e, out var error), error);
        Assert.Equal(new AccessEntry(kind, key, action, text), e);
    }

    [Theory]
    [InlineData("mms.mnc002.mcc238.gprs REJECT", "no Connect:, To: or From: tag")]
    [InlineData("Spam:friend@ FRIEND", "only Connect:, To: and From:")]
    [InlineData("To:example.net DISCARD", "action 'DISCARD' is not supported")]
    [InlineData("Connect:10.0.0.1/8 RELAY", "not a valid CIDR")]
    [InlineData("Connect:300.1.1.1 RELAY", "not an IP address, a CIDR or a host name")]
    [InlineData("From:example.net RELAY", "From: takes OK, REJECT or TEMPFAIL")]
    [InlineData("To:example..net OK", "not a domain")]
    [InlineData("To:example.net", "has no action")]
    public void Refuses_what_it_cannot_map_and_says_why(string line, string why)
    {
        Assert.False(AccessEntry.TryParse(line, out _, out var error));
        Assert.Contains(why, error);
    }

    [Theory]
    [InlineData("Connect:10.0.0.0/24 RELAY")]
    [InlineData("Connect:IPv6:::1 RELAY")]
    [InlineData("To:mms.mnc002.mcc238.gprs REJECT")]
    [InlineData("To:mms.mnc002.mcc238.gprs ERROR:5.7.1:550 operator two is down")]
    [InlineData("To:mms.mnc002.mcc238.gprs ERROR:4.7.1:451 operator two is down")]
    [InlineData("From:mms.mnc003.mcc238.gprs OK")]
    public void Writes_lines_that_read_back_the_same(string line)
    {
        Assert.True(AccessEntry.TryParse(line, out var e, out _));
        Assert.True(AccessEntry.TryParse(e.ToSendmail(), out var again, out var error), error);
        Assert.Equal(e, again);
    }
}
