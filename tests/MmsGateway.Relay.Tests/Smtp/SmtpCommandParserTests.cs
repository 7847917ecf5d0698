using System.Text;
using MmsGateway.Relay.Smtp;

namespace MmsGateway.Relay.Tests.Smtp;

public class SmtpCommandParserTests
{
    private static (bool Ok, SmtpCommand Command, SmtpReply Refusal) Parse(string line)
    {
        var ok = SmtpCommandParser.TryParse(Encoding.Latin1.GetBytes(line), out var command, out var refusal);
        return (ok, command, refusal);
    }

    [Fact]
    public void A_PLMN_recipient_is_kept_exactly_and_its_domain_lowered_for_routing()
    {
        var (ok, command, _) = Parse("RCPT TO:<+4512345678/TYPE=PLMN@MMS.mnc002.mcc238.gprs>");

        Assert.True(ok);
        Assert.Equal("+4512345678/TYPE=PLMN@MMS.mnc002.mcc238.gprs", command.Path!.Text);
        Assert.Equal("mms.mnc002.mcc238.gprs", command.Path.Domain);
    }

    [Fact]
    public void The_null_sender_is_accepted_with_parameters()
    {
        var (ok, command, _) = Parse("mail from:<> SIZE=1000 BODY=8BITMIME");

        Assert.True(ok);
        Assert.True(command.Path!.IsNull);
        Assert.Equal("1000", command.Parameters["size"]);
        Assert.Equal("8BITMIME", command.Parameters["BODY"]);
    }

    [Fact]
    public void A_source_route_is_ignored() =>
        Assert.Equal("u@d.example", Parse("RCPT TO:<@relay.example,@other.example:u@d.example>").Command.Path!.Text);

    [Theory]
    [InlineData("RCPT TO:<>")]
    [InlineData("RCPT TO:user@example.com")]
    [InlineData("RCPT TO:<user>")]
    [InlineData("RCPT TO:<user@>")]
    [InlineData("RCPT TO:<us..er@example.com>")]
    [InlineData("RCPT TO:<user@exa mple.com>")]
    [InlineData("RCPT TO:<user@-bad.example>")]
    [InlineData("RCPT TO:<üser@example.com>")]
    [InlineData("MAIL FROM:<a@b.example>junk")]
    [InlineData("MAIL TO:<a@b.example>")]
    public void Malformed_paths_are_refused_with_501(string line)
    {
        var (ok, _, refusal) = Parse(line);

        Assert.False(ok);
        Assert.Equal(501, refusal.Code);
    }

    [Fact]
    public void A_local_part_over_64_octets_is_refused() =>
        Assert.False(Parse($"RCPT TO:<{new string('a', 65)}@example.com>").Ok);

    [Fact]
    public void Unknown_verbs_are_refused_with_500() =>
        Assert.Equal(500, Parse("XYZZY").Refusal.Code);

    [Theory]
    [InlineData("ehlo mmsc.example", SmtpVerb.Ehlo)]
    [InlineData("QUIT", SmtpVerb.Quit)]
    [InlineData("Vrfy root", SmtpVerb.Vrfy)]
    [InlineData("STARTTLS", SmtpVerb.StartTls)]
    public void Verbs_are_case_insensitive(string line, SmtpVerb verb) =>
        Assert.Equal(verb, Parse(line).Command.Verb);
}
