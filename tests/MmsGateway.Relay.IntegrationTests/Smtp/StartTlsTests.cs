using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MmsGateway.Testing;

namespace MmsGateway.Relay.IntegrationTests.Smtp;

/// <summary>STARTTLS inbound (RFC 3207): offered with a certificate from configuration, required where
/// the listener says so, and never a way to run commands sent in plaintext before the handshake.</summary>
public sealed class StartTlsTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private readonly TestCertificates.Files _cert;
    private TestGateway? _gateway;

    public StartTlsTests() => _cert = TestCertificates.Write(_dir.Path);

    private async Task<TestGateway> Gateway(string listen = "127.0.0.1:0", Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Smtp:Listen:0"] = listen,
            ["Gateway:Smtp:Tls:CertificateFile"] = _cert.Certificate,
            ["Gateway:Smtp:Tls:KeyFile"] = _cert.Key,
        };
        foreach (var (k, v) in more ?? []) settings[k] = v;
        return _gateway = await TestGateway.StartAsync(Path.Combine(_dir.Path, "gw"), settings);
    }

    private static async Task<RawSmtp> GreetedAsync(TestGateway gw)
    {
        var c = await RawSmtp.ConnectAsync(gw.Endpoint);
        Assert.StartsWith("220", await c.ReadReplyAsync());
        return c;
    }

    [Fact]
    public async Task A_MailKit_client_sends_over_STARTTLS_and_the_Received_header_says_so()
    {
        var gw = await Gateway();
        using var client = new SmtpClient { LocalDomain = TestGateway.ClientName, ServerCertificateValidationCallback = (_, c, _, _) => c!.GetCertHashString() == _cert.Thumbprint };
        await client.ConnectAsync(gw.Endpoint.Address.ToString(), gw.Endpoint.Port, SecureSocketOptions.StartTls);
        Assert.True(client.IsSecure);
        var message = MimeMessage.Load(new MemoryStream(Mm4Samples.ForwardRequest()));
        var reply = await client.SendAsync(message, MailboxAddress.Parse(Mm4Samples.Sender), [MailboxAddress.Parse(Mm4Samples.Recipient)]);
        await client.DisconnectAsync(true);

        var id = reply.Split(' ')[^1];
        using var spooled = gw.Control.OpenMessage(id)!;
        var head = new StreamReader(spooled, Encoding.Latin1).ReadToEnd();
        Assert.Matches(@"^Received: from \S+ \(\[127\.0\.0\.1\]\)\r\n\t\(using TLSv1\.[23] with cipher TLS_\w+\)\r\n\tby mm4gw\.test\.invalid with ESMTPS id ", head);
    }

    [Fact]
    public async Task Commands_pipelined_after_STARTTLS_are_discarded_and_the_session_starts_again()
    {
        var gw = await Gateway();
        await using var c = await GreetedAsync(gw);
        Assert.Contains("250 STARTTLS", await c.CommandAsync("EHLO injector.example"));

        // The classic plaintext injection: the second and third lines ride in with STARTTLS.
        await c.SendAsync("STARTTLS\r\nMAIL FROM:<injected@evil.example>\r\nRCPT TO:<+4512345678/TYPE=PLMN@mms.mnc002.mcc238.gprs>\r\n");
        Assert.Equal("220 2.0.0 Ready to start TLS", await c.ReadReplyAsync());
        await c.StartTlsAsync();

        // Nothing of before is kept: no HELO, no transaction; STARTTLS is not offered twice.
        Assert.StartsWith("503 5.5.1 Error: send HELO/EHLO first", await c.CommandAsync("MAIL FROM:<a@b.example>"));
        var ehlo = await c.CommandAsync("EHLO injector.example");
        Assert.DoesNotContain("STARTTLS", ehlo);
        Assert.Equal("250 2.1.0 Ok", await c.CommandAsync("MAIL FROM:<a@b.example>"));   // not "nested MAIL": the injected one never ran
        Assert.StartsWith("503 5.5.1", await c.CommandAsync("STARTTLS"));
        Assert.Equal(0, gw.Control.GetCounts().Messages);
    }

    [Fact]
    public async Task The_smuggling_and_line_protections_apply_inside_TLS()
    {
        var gw = await Gateway();
        await using var c = await GreetedAsync(gw);
        await c.CommandAsync("EHLO x.example");
        await c.CommandAsync("STARTTLS");
        await c.StartTlsAsync();
        await c.CommandAsync("EHLO x.example");

        Assert.StartsWith("500 5.5.2 Error: line too long", await c.CommandAsync("NOOP " + new string('x', 600)));
        await c.SendAsync("RSET\nMAIL FROM:<smuggled@evil.example>\r\n");
        Assert.StartsWith("521 5.5.2", await c.ReadReplyAsync());
        Assert.True(await c.IsClosedAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_listener_that_requires_TLS_refuses_mail_in_plaintext_and_takes_it_after_the_handshake()
    {
        var gw = await Gateway("127.0.0.1:0 starttls=require");
        await using var c = await GreetedAsync(gw);
        await c.CommandAsync("EHLO x.example");

        Assert.Equal("530 5.7.0 Must issue a STARTTLS command first", await c.CommandAsync("MAIL FROM:<a@b.example>"));
        Assert.StartsWith("220", await c.CommandAsync("STARTTLS"));
        await c.StartTlsAsync();
        await c.CommandAsync("EHLO x.example");
        Assert.Equal("250 2.1.0 Ok", await c.CommandAsync($"MAIL FROM:<{Mm4Samples.Sender}>"));
        Assert.StartsWith("250", await c.CommandAsync($"RCPT TO:<{Mm4Samples.Recipient}>"));
        Assert.StartsWith("354", await c.CommandAsync("DATA"));
        Assert.StartsWith("250 2.0.0 Ok: queued as", await c.CommandAsync("Subject: over TLS\r\n\r\nbody\r\n."));
    }

    [Fact]
    public async Task Without_a_certificate_STARTTLS_is_neither_offered_nor_accepted()
    {
        _gateway = await TestGateway.StartAsync(Path.Combine(_dir.Path, "plain"));
        await using var c = await GreetedAsync(_gateway);
        Assert.DoesNotContain("STARTTLS", await c.CommandAsync("EHLO x.example"));
        Assert.StartsWith("502 5.5.1", await c.CommandAsync("STARTTLS"));
    }

    [Fact]
    public async Task A_renewed_certificate_is_presented_from_the_next_handshake_without_a_restart()
    {
        var gw = await Gateway();
        async Task<string> PresentedAsync()
        {
            await using var c = await GreetedAsync(gw);
            await c.CommandAsync("EHLO x.example");
            await c.CommandAsync("STARTTLS");
            var ssl = await c.StartTlsAsync();
            return new X509Certificate2(ssl.RemoteCertificate!).Thumbprint;
        }
        Assert.Equal(_cert.Thumbprint, await PresentedAsync());

        var renewed = TestCertificates.Write(_dir.Path);   // same file names, new key and certificate
        File.SetLastWriteTimeUtc(renewed.Certificate, DateTime.UtcNow.AddSeconds(5));

        Assert.Equal(renewed.Thumbprint, await PresentedAsync());
    }

    [Fact]
    public async Task A_password_protected_PFX_serves_as_well()
    {
        var pfx = TestCertificates.WritePfx(_cert, "pfx secret");
        var gw = _gateway = await TestGateway.StartAsync(Path.Combine(_dir.Path, "pfx"), new Dictionary<string, string?>
        {
            ["Gateway:Smtp:Tls:CertificateFile"] = pfx,
            ["Gateway:Smtp:Tls:Password"] = "pfx secret",
        });
        await using var c = await GreetedAsync(gw);
        await c.CommandAsync("EHLO x.example");
        Assert.StartsWith("220", await c.CommandAsync("STARTTLS"));
        var ssl = await c.StartTlsAsync();
        Assert.Equal(_cert.Thumbprint, new X509Certificate2(ssl.RemoteCertificate!).Thumbprint);
    }

    [Fact]
    public async Task Openssl_s_client_negotiates_TLS_1_2_or_later_and_the_session_goes_on_in_it()
    {
        var gw = await Gateway();
        var psi = new ProcessStartInfo("openssl", ["s_client", "-starttls", "smtp", "-connect", $"127.0.0.1:{gw.Endpoint.Port}",
            "-servername", "mm4gw.test.invalid", "-crlf", "-brief"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.StandardInput.WriteAsync("EHLO openssl.example\nMAIL FROM:<a@b.example>\nQUIT\n");
        await p.StandardInput.FlushAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await p.WaitForExitAsync(cts.Token);
        var output = await stdout + await stderr;

        Assert.Matches(@"Protocol version: TLSv1\.[23]", output);
        Assert.Contains("250 2.1.0 Ok", output);
        Assert.Contains("221 2.0.0", output);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        _dir.Dispose();
    }
}
