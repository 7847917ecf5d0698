using System.Text;
using MmsGateway.Relay.Control;
using MmsGateway.Testing;

namespace MmsGateway.Relay.IntegrationTests.Smtp;

public sealed class InboundSmtpTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private TestGateway _gw = null!;

    public async Task InitializeAsync() => _gw = await TestGateway.StartAsync(_dir.Path, new Dictionary<string, string?>
    {
        ["Gateway:Smtp:MaxMessageSize"] = "10000",
        ["Gateway:Smtp:MaxRecipients"] = "3",
        ["Gateway:Smtp:MaxErrors"] = "5",
    });

    public async Task DisposeAsync()
    {
        await _gw.DisposeAsync();
        _dir.Dispose();
    }

    private async Task<RawSmtp> ConnectAsync(bool ehlo = true)
    {
        var c = await RawSmtp.ConnectAsync(_gw.Endpoint);
        Assert.StartsWith("220 ", await c.ReadReplyAsync());
        if (ehlo) Assert.StartsWith("250", await c.CommandAsync("EHLO mmsc.mnc001.mcc238.gprs"));
        return c;
    }

    // A session that has just been answered 354, ready for message text.
    private async Task<RawSmtp> OpenDataAsync()
    {
        var c = await ConnectAsync();
        Assert.StartsWith("250", await c.CommandAsync("MAIL FROM:<a@b.example>"));
        Assert.StartsWith("250", await c.CommandAsync("RCPT TO:<c@d.example>"));
        Assert.StartsWith("354", await c.CommandAsync("DATA"));
        return c;
    }

    private byte[] Spooled(string queueId)
    {
        using var s = _gw.Control.OpenMessage(queueId)!;
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    [Fact]
    public async Task The_banner_names_the_host_and_nothing_about_the_software()
    {
        await using var c = await RawSmtp.ConnectAsync(_gw.Endpoint);

        var banner = await c.ReadReplyAsync();

        Assert.Equal($"220 {TestGateway.Hostname} ESMTP", banner);
    }

    [Fact]
    public async Task EHLO_offers_pipelining_size_8bitmime_and_enhanced_status_codes()
    {
        await using var c = await ConnectAsync(ehlo: false);

        var reply = await c.CommandAsync("EHLO mmsc.example");

        Assert.Equal($"250-{TestGateway.Hostname}\n250-PIPELINING\n250-SIZE 10000\n250-8BITMIME\n250 ENHANCEDSTATUSCODES", reply);
    }

    [Fact]
    public async Task A_PLMN_MM4_message_sent_with_MailKit_is_spooled_byte_for_byte_behind_one_Received_header()
    {
        var original = Mm4Samples.ForwardRequest("T100");

        var response = await _gw.SendAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], original);

        var queueId = response.Split(' ')[^1];
        var spooled = Spooled(queueId);
        var text = Encoding.Latin1.GetString(spooled);
        Assert.StartsWith($"Received: from {TestGateway.ClientName} ([127.0.0.1])\r\n\tby {TestGateway.Hostname} with ESMTP id {queueId}\r\n\tfor <{Mm4Samples.Recipient}>;\r\n\t", text);
        Assert.Equal(original, Mm4Samples.AfterReceivedHeader(spooled));
        Assert.Contains("\r\nTo: +4512345678/TYPE=PLMN\r\n", text);
        Assert.Equal(1, _gw.Control.GetCounts().Destinations.Single(d => d.Domain == "mms.mnc002.mcc238.gprs").Ready);
    }

    [Fact]
    public async Task Pipelined_commands_get_their_replies_in_order_and_two_transactions_queue_two_messages()
    {
        await using var c = await ConnectAsync();

        await c.SendAsync(
            "MAIL FROM:<+4587654321/TYPE=PLMN@mms.mnc001.mcc238.gprs>\r\n" +
            "RCPT TO:<+4512345678/TYPE=PLMN@mms.mnc002.mcc238.gprs>\r\n" +
            "RCPT TO:<bad address>\r\n" +
            "RCPT TO:<+4512345679/TYPE=PLMN@mms.mnc003.mcc238.gprs>\r\n" +
            "DATA\r\n");
        var replies = new List<string>();
        for (var i = 0; i < 5; i++) replies.Add((await c.ReadReplyAsync())[..3]);
        await c.SendAsync("Subject: one\r\n\r\nbody\r\n.\r\nMAIL FROM:<>\r\nRCPT TO:<x@mms.mnc002.mcc238.gprs>\r\nDATA\r\n");
        for (var i = 0; i < 4; i++) replies.Add((await c.ReadReplyAsync())[..3]);
        await c.SendAsync("Subject: two\r\n\r\nbody\r\n.\r\nQUIT\r\n");
        replies.Add((await c.ReadReplyAsync())[..3]);
        replies.Add((await c.ReadReplyAsync())[..3]);

        Assert.Equal(["250", "250", "501", "250", "354", "250", "250", "250", "354", "250", "221"], replies);
        var counts = _gw.Control.GetCounts();
        Assert.Equal((2, 3), (counts.Messages, counts.Recipients));
    }

    [Fact]
    public async Task A_pipelined_DATA_after_every_RCPT_failed_is_refused_with_554()
    {
        await using var c = await ConnectAsync();

        await c.SendAsync("MAIL FROM:<a@b.example>\r\nRCPT TO:<nope>\r\nDATA\r\n");

        Assert.StartsWith("250", await c.ReadReplyAsync());
        Assert.StartsWith("501", await c.ReadReplyAsync());
        Assert.StartsWith("554 5.5.1", await c.ReadReplyAsync());
    }

    [Theory]
    [InlineData("RCPT TO:<a@b.example>", "503 5.5.1")]
    [InlineData("DATA", "503 5.5.1")]
    public async Task Commands_out_of_sequence_are_answered_503(string command, string expected)
    {
        await using var c = await ConnectAsync();

        Assert.StartsWith(expected, await c.CommandAsync(command));
    }

    [Fact]
    public async Task MAIL_before_HELO_and_a_nested_MAIL_are_answered_503()
    {
        await using var c = await ConnectAsync(ehlo: false);

        Assert.StartsWith("503 5.5.1", await c.CommandAsync("MAIL FROM:<a@b.example>"));
        Assert.StartsWith("250", await c.CommandAsync("HELO mmsc.example"));
        Assert.StartsWith("250", await c.CommandAsync("MAIL FROM:<a@b.example>"));
        Assert.StartsWith("503 5.5.1", await c.CommandAsync("MAIL FROM:<a@b.example>"));
    }

    [Fact]
    public async Task VRFY_and_EXPN_disclose_nothing_and_HELP_NOOP_RSET_answer()
    {
        await using var c = await ConnectAsync();

        Assert.StartsWith("252 2.5.2", await c.CommandAsync("VRFY root"));
        Assert.StartsWith("502 5.5.1", await c.CommandAsync("EXPN staff"));
        Assert.StartsWith("214", await c.CommandAsync("HELP"));
        Assert.StartsWith("250 2.0.0", await c.CommandAsync("NOOP"));
        Assert.StartsWith("250 2.0.0", await c.CommandAsync("RSET"));
        Assert.StartsWith("502 5.5.1", await c.CommandAsync("STARTTLS"));
    }

    [Fact]
    public async Task SIZE_over_the_limit_is_refused_at_MAIL_with_552()
    {
        await using var c = await ConnectAsync();

        Assert.StartsWith("552 5.3.4", await c.CommandAsync("MAIL FROM:<a@b.example> SIZE=10001"));
        Assert.StartsWith("250", await c.CommandAsync("MAIL FROM:<a@b.example> SIZE=10000"));
    }

    [Fact]
    public async Task Data_over_the_limit_is_refused_with_552_and_nothing_is_queued()
    {
        await using var c = await OpenDataAsync();

        await c.SendAsync(string.Concat(Enumerable.Repeat(new string('x', 98) + "\r\n", 120)) + ".\r\n");

        Assert.StartsWith("552 5.3.4", await c.ReadReplyAsync());
        Assert.Equal(0, _gw.Control.GetCounts().Messages);
        Assert.StartsWith("250", await c.CommandAsync("NOOP"));    // the session stays in step
    }

    [Fact]
    public async Task Too_many_recipients_are_answered_452_and_the_rest_still_delivered()
    {
        await using var c = await ConnectAsync();
        await c.CommandAsync("MAIL FROM:<a@b.example>");
        for (var i = 0; i < 3; i++) Assert.StartsWith("250", await c.CommandAsync($"RCPT TO:<r{i}@d.example>"));

        Assert.StartsWith("452 4.5.3", await c.CommandAsync("RCPT TO:<r3@d.example>"));
        Assert.StartsWith("354", await c.CommandAsync("DATA"));
        await c.SendAsync("Subject: x\r\n\r\n.\r\n");
        Assert.StartsWith("250", await c.ReadReplyAsync());
        Assert.Equal(3, _gw.Control.GetCounts().Recipients);
    }

    [Theory]
    [InlineData("hello\n.\nMAIL FROM:<evil@x.example>\r\nRCPT TO:<v@d.example>\r\nDATA\r\nsmuggled\r\n")]
    [InlineData("hello\n.\r\nMAIL FROM:<evil@x.example>\r\nRCPT TO:<v@d.example>\r\nDATA\r\nsmuggled\r\n")]
    [InlineData("hello\r.\r\nMAIL FROM:<evil@x.example>\r\nRCPT TO:<v@d.example>\r\nDATA\r\nsmuggled\r\n")]
    [InlineData("hello\r\n.\nMAIL FROM:<evil@x.example>\r\nRCPT TO:<v@d.example>\r\nDATA\r\nsmuggled\r\n")]
    public async Task A_smuggled_second_message_is_neither_ended_early_nor_queued(string data)
    {
        await using var c = await OpenDataAsync();

        await c.SendAsync(data + ".\r\n");

        Assert.StartsWith("554 5.6.0", await c.ReadReplyAsync());
        Assert.StartsWith("250", await c.CommandAsync("NOOP"));   // exactly one reply: no second transaction ran
        Assert.Equal(0, _gw.Control.GetCounts().Messages);
    }

    [Theory]
    [InlineData("a\0b\r\n.\r\n", "554 5.6.0")]
    [InlineData("x\r\n", "554 5.6.0")]   // with a 1001-octet line prepended below
    public async Task NUL_and_overlong_text_lines_in_data_are_refused(string data, string expected)
    {
        await using var c = await OpenDataAsync();

        await c.SendAsync((data.StartsWith('x') ? new string('y', 999) : "") + data + (data.EndsWith(".\r\n") ? "" : ".\r\n"));

        Assert.StartsWith(expected, await c.ReadReplyAsync());
        Assert.Equal(0, _gw.Control.GetCounts().Messages);
    }

    [Fact]
    public async Task A_bare_LF_in_a_command_is_answered_521_and_nothing_behind_it_runs()
    {
        await using var c = await ConnectAsync();

        var reply = await c.CommandAsync("RSET\nMAIL FROM:<evil@x.example>");

        Assert.StartsWith("521 5.5.2", reply);
        Assert.True(await c.IsClosedAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Bare_CR_NUL_and_overlong_command_lines_are_refused_and_the_session_goes_on()
    {
        await using var c = await ConnectAsync();

        Assert.StartsWith("500 5.5.2", await c.CommandAsync("NO\rOP"));
        await c.SendAsync("NO\0OP\r\n");
        Assert.StartsWith("500 5.5.2", await c.ReadReplyAsync());
        Assert.StartsWith("500 5.5.2", await c.CommandAsync("NOOP " + new string('x', 600)));
        Assert.StartsWith("250", await c.CommandAsync("NOOP"));
    }

    [Fact]
    public async Task Too_many_errors_close_the_connection_politely_with_421()
    {
        await using var c = await ConnectAsync();
        for (var i = 0; i < 4; i++) Assert.StartsWith("500", await c.CommandAsync("XYZZY"));

        var fifth = await c.CommandAsync("XYZZY");
        var closing = await c.ReadReplyAsync();

        Assert.StartsWith("500 5.5.2", fifth);
        Assert.Equal($"421 4.7.0 {TestGateway.Hostname} too many errors, closing connection", closing);
        Assert.True(await c.IsClosedAsync(TimeSpan.FromSeconds(5)));
    }
}
