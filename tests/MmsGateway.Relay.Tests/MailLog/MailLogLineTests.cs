using MmsGateway.Relay.MailLog;

namespace MmsGateway.Relay.Tests.MailLog;

public sealed class MailLogLineTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 15, 45, 43, 123, TimeSpan.Zero);

    [Fact]
    public void An_attempt_line_is_sendmails_text_behind_a_sortable_syslog_prefix_and_parses_back()
    {
        var line = MailLogLine.Format(At, "mm4gw1", 1234,
            "3F9A0C81B2: to=<+4512345678/TYPE=PLMN@mms.mnc002.mcc238.gprs>, delay=00:00:03, relay=[10.0.0.2]:2602, tls=none, dsn=4.4.1, stat=Deferred: Connection refused by [10.0.0.2]:2602, twice");

        Assert.StartsWith("2026-12-02T15:45:43.123Z mm4gw1 mmsgateway[1234]: 3F9A0C81B2: to=<", line);
        Assert.True(MailLogLine.TryParse(line, out var e));
        Assert.Equal(At, e.At);
        Assert.Equal("3F9A0C81B2", e.QueueId);
        Assert.Equal(MailLogKind.Attempt, e.Kind);
        Assert.Equal("+4512345678/TYPE=PLMN@mms.mnc002.mcc238.gprs", e.Address);
        Assert.Equal("mms.mnc002.mcc238.gprs", e.Domain);
        Assert.Equal("Deferred", e.Outcome);
        Assert.Equal("[10.0.0.2]:2602", e.Field("relay"));
        Assert.Equal("Deferred: Connection refused by [10.0.0.2]:2602, twice", e.Field("stat"));
    }

    [Theory]
    [InlineData("stat=Sent (ok 1234)", "Sent")]
    [InlineData("stat=Bounced: 550 5.1.1 unknown", "Bounced")]
    public void The_outcome_is_the_first_word_of_stat(string stat, string outcome)
    {
        var line = MailLogLine.Format(At, "h", 1, $"Q1: to=<a@b>, delay=00:00:00, relay=[10.0.0.2], tls=none, dsn=2.0.0, {stat}");

        Assert.True(MailLogLine.TryParse(line, out var e));
        Assert.Equal(outcome, e.Outcome);
    }

    [Fact]
    public void An_acceptance_line_carries_the_message_id()
    {
        var line = MailLogLine.Format(At, "h", 1, "Q1: from=<+4511111111/TYPE=PLMN@mms.mnc001.mcc238.gprs>, size=2100, nrcpts=1, msgid=<m1@mmsc>, relay=[127.0.0.1], tls=none");

        Assert.True(MailLogLine.TryParse(line, out var e));
        Assert.Equal(MailLogKind.Accepted, e.Kind);
        Assert.Equal("Accepted", e.Outcome);
        Assert.Equal("<m1@mmsc>", e.Field("msgid"));
    }

    [Fact]
    public void A_control_character_from_the_network_cannot_forge_a_second_line()
    {
        var line = MailLogLine.Format(At, "h", 1, "Q1: from=<a@b>, size=1, nrcpts=1, msgid=<x\r\n2026-12-02T00:00:00.000Z h mmsgateway[1]: Q2: to=<forged>, relay=[127.0.0.1], tls=none");

        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.Contains("msgid=<x??2026", line);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Dec  2 15:45:43 h sendmail[1]: Q1: to=<a@b>, stat=Sent")]
    [InlineData("2026-12-02T15:45:43.123Z h mmsgateway[1]: SMTP listening on 127.0.0.1:25")]
    [InlineData("2026-12-02T15:45:43.123Z h mmsgateway[1]: Q1: to=<a@b")]
    public void Other_lines_are_not_entries(string line)
    {
        Assert.False(MailLogLine.TryParse(line, out _));
    }
}
