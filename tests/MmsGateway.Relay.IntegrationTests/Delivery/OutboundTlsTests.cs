using System.Security.Cryptography;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Delivery;
using MmsGateway.Relay.Routing;
using MmsGateway.Testing;

namespace MmsGateway.Relay.IntegrationTests.Delivery;

/// <summary>TLS on delivery, per operator: opportunistic by default, required where the interconnect
/// agreement says so (never in clear), with a pinned certificate or a private CA.</summary>
public sealed class OutboundTlsTests : IAsyncLifetime
{
    private const string Mnc002 = "mms.mnc002.mcc238.gprs";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);
    private readonly TempDir _dir = new();
    private readonly List<IAsyncDisposable> _owned = [];

    private T Own<T>(T owned) where T : IAsyncDisposable
    {
        _owned.Add(owned);
        return owned;
    }

    private async Task<TestGateway> Gateway(SmtpSink sink, TlsPolicy? tls)
    {
        var gw = await TestGateway.StartAsync(Path.Combine(_dir.Path, "gw"), new Dictionary<string, string?>
        {
            [$"Gateway:Routes:{Mnc002}"] = sink.Hop,
            ["Gateway:Delivery:RetryInitial"] = "01:00:00",
        });
        _owned.Insert(0, gw);
        if (tls is not null)
        {
            var overlay = gw.Rules.Overlay;
            NextHop.TryParse(sink.Hop, out var hop, out _);
            gw.Rules.Apply(overlay with { Routes = [new Route(Mnc002, [hop]) { Operator = "Two", Tls = tls }] });
        }
        return gw;
    }

    private static async Task<DeliveryAttempt> OneAttemptAsync(TestGateway gw, DeliveryRecorder log)
    {
        await gw.SendRawAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], Mm4Samples.ForwardRequest());
        await Eventually.True(() => !log.Attempts.IsEmpty, Within, "one delivery attempt");
        return log.Attempts.Single();
    }

    [Fact]
    public async Task Opportunistic_uses_STARTTLS_when_offered_even_with_an_untrusted_certificate_and_says_so()
    {
        using var cert = TestCertificates.Load(TestCertificates.Write(_dir.Path, "sink.test.invalid", "sink"));
        var sink = Own(SmtpSink.StartWithTls(cert));
        var gw = await Gateway(sink, tls: null);   // the default: opportunistic
        using var log = gw.RecordDeliveries();

        var attempt = await OneAttemptAsync(gw, log);

        Assert.Equal(OutcomeKind.Delivered, attempt.Outcome);
        Assert.Matches(@"^TLSv1\.[23]\(unverified\)$", attempt.Tls);
        Assert.Contains($"tls={attempt.Tls}, dsn=2.0.0, stat=Sent", attempt.LogLine);
        Assert.NotNull(Assert.Single(sink.Messages).Tls);
    }

    [Fact]
    public async Task A_message_larger_than_the_send_buffer_crosses_STARTTLS_byte_for_byte()
    {
        using var cert = TestCertificates.Load(TestCertificates.Write(_dir.Path, "sink.test.invalid", "sink"));
        var sink = Own(SmtpSink.StartWithTls(cert));
        var gw = await Gateway(sink, tls: null);
        // 300 KB of lines, some starting with a dot: several of OutboundStream's 64 KB sends, each of several TLS records.
        var body = string.Concat(Enumerable.Range(0, 4000).Select(i => (i % 7 == 0 ? "." : "") + $"line {i:D5} " + new string('x', 60) + "\r\n"));
        var original = System.Text.Encoding.ASCII.GetBytes(System.Text.Encoding.ASCII.GetString(Mm4Samples.ForwardRequest()) + body);
        var stuffed = System.Text.Encoding.ASCII.GetBytes(System.Text.Encoding.ASCII.GetString(original).Replace("\r\n.", "\r\n.."));

        await gw.SendRawAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], stuffed);

        await Eventually.True(() => sink.Messages.Count == 1, Within, "the operator's sink never got the message");
        var got = sink.Messages.Single();
        Assert.NotNull(got.Tls);
        Assert.Equal(original, Mm4Samples.AfterReceivedHeader(got.Data));
    }

    [Fact]
    public async Task Opportunistic_to_a_peer_without_STARTTLS_is_plaintext_and_logged_as_none()
    {
        var sink = Own(SmtpSink.Start());
        var gw = await Gateway(sink, tls: null);
        using var log = gw.RecordDeliveries();

        var attempt = await OneAttemptAsync(gw, log);

        Assert.Equal((OutcomeKind.Delivered, "none"), (attempt.Outcome, attempt.Tls));
        Assert.Null(Assert.Single(sink.Messages).Tls);
    }

    [Fact]
    public async Task Required_TLS_to_a_peer_that_offers_no_STARTTLS_is_deferred_and_nothing_is_sent_in_clear()
    {
        var sink = Own(SmtpSink.Start());
        var gw = await Gateway(sink, new TlsPolicy(OutboundTls.Required));
        using var log = gw.RecordDeliveries();

        var attempt = await OneAttemptAsync(gw, log);

        Assert.Equal((OutcomeKind.Deferred, "4.7.10"), (attempt.Outcome, attempt.Dsn));
        Assert.Contains($"TLS is required for {sink.Hop}, which offers no STARTTLS; not sent in clear", attempt.Status);
        Assert.Empty(sink.Messages);
        Assert.DoesNotContain(sink.Commands, c => c.Contains("MAIL FROM", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Required_TLS_with_a_certificate_nobody_vouches_for_is_deferred_and_nothing_is_sent()
    {
        using var cert = TestCertificates.Load(TestCertificates.Write(_dir.Path, "sink.test.invalid", "sink"));
        var sink = Own(SmtpSink.StartWithTls(cert));
        var gw = await Gateway(sink, new TlsPolicy(OutboundTls.Required));
        using var log = gw.RecordDeliveries();

        var attempt = await OneAttemptAsync(gw, log);

        Assert.Equal((OutcomeKind.Deferred, "4.7.5"), (attempt.Outcome, attempt.Dsn));
        Assert.Contains("certificate not trusted", attempt.Status);
        Assert.Empty(sink.Messages);
        Assert.DoesNotContain(sink.Commands, c => c.Contains("MAIL FROM", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Required_TLS_with_the_pinned_certificate_is_delivered_and_with_another_pin_is_not()
    {
        using var cert = TestCertificates.Load(TestCertificates.Write(_dir.Path, "sink.test.invalid", "sink"));
        var sink = Own(SmtpSink.StartWithTls(cert));
        var pin = Convert.ToHexString(SHA256.HashData(cert.RawData));
        var gw = await Gateway(sink, new TlsPolicy(OutboundTls.Required, PinSha256: TlsPolicy.NormalisePin(string.Join(':', pin.Chunk(2).Select(c => new string(c))).ToLowerInvariant())));
        using var log = gw.RecordDeliveries();

        var attempt = await OneAttemptAsync(gw, log);

        Assert.Equal(OutcomeKind.Delivered, attempt.Outcome);
        Assert.Matches(@"^TLSv1\.[23]$", attempt.Tls);

        var other = new string('A', 64);
        NextHop.TryParse(sink.Hop, out var hop, out _);
        gw.Rules.Apply(gw.Rules.Overlay with { Routes = [new Route(Mnc002, [hop]) { Operator = "Two", Tls = new TlsPolicy(OutboundTls.Required, other) }] });
        await gw.SendRawAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], Mm4Samples.ForwardRequest());
        await Eventually.True(() => log.Attempts.Count == 2, Within, "a second attempt");
        Assert.Contains($"is not the pinned {other}", log.Attempts.Last().Status);
        Assert.Single(sink.Messages);
    }

    [Fact]
    public async Task Required_TLS_trusts_a_certificate_from_the_operators_private_CA()
    {
        var (caFile, server) = TestCertificates.WriteIssued(_dir.Path);
        using var _ = server;
        var sink = Own(SmtpSink.StartWithTls(server));
        var gw = await Gateway(sink, new TlsPolicy(OutboundTls.Required, CaFile: caFile));
        using var log = gw.RecordDeliveries();

        var attempt = await OneAttemptAsync(gw, log);

        Assert.Equal(OutcomeKind.Delivered, attempt.Outcome);
        Assert.Matches(@"^TLSv1\.[23]$", attempt.Tls);
        Assert.NotNull(Assert.Single(sink.Messages).Tls);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var o in _owned) await o.DisposeAsync();
        _dir.Dispose();
    }
}
