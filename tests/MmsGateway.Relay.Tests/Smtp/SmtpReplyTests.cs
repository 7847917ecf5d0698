using MmsGateway.Relay.Smtp;

namespace MmsGateway.Relay.Tests.Smtp;

public class SmtpReplyTests
{
    [Fact]
    public void Multi_line_replies_use_a_hyphen_on_every_line_but_the_last() =>
        Assert.Equal("250-host\r\n250-PIPELINING\r\n250 8BITMIME\r\n",
            System.Text.Encoding.ASCII.GetString(new SmtpReply(250, null, ["host", "PIPELINING", "8BITMIME"]).ToBytes()));

    [Fact]
    public void The_enhanced_code_follows_the_code() =>
        Assert.Equal("452 4.5.3 Error: too many recipients", SmtpReplies.TooManyRecipients.ToString());
}
