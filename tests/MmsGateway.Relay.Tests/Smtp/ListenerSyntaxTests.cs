using MmsGateway.Relay.Smtp;

namespace MmsGateway.Relay.Tests.Smtp;

public sealed class ListenerSyntaxTests
{
    [Theory]
    [InlineData("127.0.0.1:2525", null)]
    [InlineData("0.0.0.0:25 starttls=offer", StartTlsMode.Offer)]
    [InlineData("[::1]:2526 STARTTLS=require", StartTlsMode.Require)]
    [InlineData("127.0.0.1:2527  starttls=none", StartTlsMode.None)]
    public void A_listen_entry_is_an_endpoint_with_an_optional_STARTTLS_mode(string text, StartTlsMode? mode)
    {
        Assert.True(SmtpOptions.TryParseListener(text, out var endpoint, out var parsed, out var error), error);
        Assert.NotNull(endpoint);
        Assert.Equal(mode, parsed);
    }

    [Theory]
    [InlineData("127.0.0.1:25 starttls=maybe")]
    [InlineData("127.0.0.1:25 starttls=1")]
    [InlineData("127.0.0.1:25 tls=require")]
    [InlineData("localhost:25")]
    public void Anything_else_is_refused_with_a_reason(string text)
    {
        Assert.False(SmtpOptions.TryParseListener(text, out _, out _, out var error));
        Assert.Contains(text.Split(' ')[0], error);
    }

    [Fact]
    public void STARTTLS_is_offered_by_default_only_when_a_certificate_is_configured()
    {
        Assert.Equal(StartTlsMode.None, new SmtpTlsOptions().DefaultMode);
        Assert.Equal(StartTlsMode.Offer, new SmtpTlsOptions { CertificateFile = "/etc/mm4/smtp.crt" }.DefaultMode);
        Assert.Equal(StartTlsMode.Require, new SmtpTlsOptions { CertificateFile = "/etc/mm4/smtp.crt", StartTls = StartTlsMode.Require }.DefaultMode);
    }
}
