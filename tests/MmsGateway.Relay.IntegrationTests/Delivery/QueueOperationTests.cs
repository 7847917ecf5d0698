using System.Text;
using MimeKit;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Delivery;
using MmsGateway.Testing;

namespace MmsGateway.Relay.IntegrationTests.Delivery;

/// <summary>The seed's queue rituals against a live relay: flushes by selection, parking an operator's
/// mail, releasing it after its lifetime, bounces with their notices.</summary>
public sealed class QueueOperationTests : IAsyncLifetime
{
    private const string Mnc002 = "mms.mnc002.mcc238.gprs", Mnc003 = "mms.mnc003.mcc238.gprs", Mnc001 = "mms.mnc001.mcc238.gprs";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);
    private readonly TempDir _dir = new();
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly List<ClosedPort> _closed = [];
    private readonly ManualClock _clock = new();

    // Two operators whose gateways are down (nothing listens) and our own MMSC's sink for notices.
    // Retries are far away, so only a flush or a release makes anything move.
    // An operator that is down and comes back (Up) where it was; its port is this test's throughout.
    private SmtpSink Down()
    {
        var sink = SmtpSink.StartDown();
        _owned.Add(sink);
        return sink;
    }

    // An operator that stays down: connections refused.
    private string Refusing()
    {
        var port = new ClosedPort();
        _closed.Add(port);
        return port.Hop;
    }

    private async Task<(TestGateway Gw, SmtpSink Home)> StartAsync(string mnc002Hop, string mnc003Hop, params (string Key, string Value)[] extra)
    {
        var home = SmtpSink.Start();
        _owned.Add(home);
        var gw = await TestGateway.StartAsync(_dir.Path, new Dictionary<string, string?>
        {
            [$"Gateway:Routes:{Mnc002}"] = mnc002Hop,
            [$"Gateway:Routes:{Mnc003}"] = mnc003Hop,
            [$"Gateway:Routes:{Mnc001}"] = home.Hop,
            ["Gateway:Delivery:RetryInitial"] = "01:00:00",
            ["Gateway:Delivery:RetryMax"] = "01:00:00",
            ["Gateway:Delivery:QueueLifetime"] = "5.00:00:00",
        }.Concat(extra.Select(e => KeyValuePair.Create(e.Key, (string?)e.Value))).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Last().Value), _clock);
        _owned.Insert(0, gw);
        return (gw, home);
    }

    private static async Task<string> Send(TestGateway gw, string to, string from = Mm4Samples.Sender) =>
        (await gw.SendAsync(from, [to], Mm4Samples.ForwardRequest())).Split(' ')[^1];

    private static QueueSelection Select(params string[] terms)
    {
        Assert.True(QueueSelection.TryParse(terms, out var s, out var error), error);
        return s;
    }

    private static Task Deferred(TestGateway gw, int n) =>
        Eventually.True(() => gw.Control.GetCounts().Deferred == n, Within, $"{n} recipients should be deferred after the first attempt");

    [Fact]
    public async Task A_flush_by_recipient_delivers_only_the_selected_deferred_mail_and_reports_progress()
    {
        var up = Down();
        var (gw, _) = await StartAsync(up.Hop, Refusing());
        await Send(gw, $"+4511111111/TYPE=PLMN@{Mnc002}");
        await Send(gw, $"+4522222222/TYPE=PLMN@{Mnc002}");
        await Deferred(gw, 2);
        up.Up();   // the operator comes back

        var run = gw.Control.Flush(Select("R+4511111111"));

        await run.Finished.WaitAsync(Within);
        Assert.Equal((1, 1, 1, 0, 0), (run.Selected, run.Attempted, run.Delivered, run.Deferred, run.Bounced));
        Assert.Equal(FlushState.Done, run.State);
        Assert.Equal([$"+4511111111/TYPE=PLMN@{Mnc002}"], up.Messages.Single().To);
        Assert.Equal(1, gw.Control.GetCounts().Deferred);
    }

    [Fact]
    public async Task A_negated_flush_delivers_everything_but_the_selection()
    {
        var (up2, up3) = (Down(), Down());
        var (gw, _) = await StartAsync(up2.Hop, up3.Hop);
        await Send(gw, $"+4511111111/TYPE=PLMN@{Mnc002}");
        await Send(gw, $"+4533333333/TYPE=PLMN@{Mnc003}");
        await Deferred(gw, 2);
        up2.Up();
        up3.Up();

        var run = gw.Control.Flush(Select($"!D{Mnc002}"));

        await run.Finished.WaitAsync(Within);
        Assert.Equal((1, 1), (run.Selected, run.Delivered));
        Assert.Single(up3.Messages);
        Assert.Empty(up2.Messages);
    }

    [Fact]
    public async Task Flushes_by_sender_queue_id_and_recipient_and_their_negations_select_as_sendmail_does()
    {
        var (gw, _) = await StartAsync(Refusing(), Refusing());
        var a = await Send(gw, $"+4511111111/TYPE=PLMN@{Mnc002}", from: $"+4570000001/TYPE=PLMN@{Mnc001}");
        await Send(gw, $"+4522222222/TYPE=PLMN@{Mnc002}", from: $"+4570000002/TYPE=PLMN@{Mnc001}");
        await Deferred(gw, 2);

        Assert.Equal(1, (await Flushed(gw, "S+4570000001")).Selected);
        Assert.Equal(1, (await Flushed(gw, "!S+4570000001")).Selected);
        Assert.Equal(1, (await Flushed(gw, "I" + a)).Selected);
        Assert.Equal(1, (await Flushed(gw, "!I" + a)).Selected);
        Assert.Equal(1, (await Flushed(gw, "!R+4511111111")).Selected);
        Assert.Equal(0, (await Flushed(gw, "Rnobody")).Selected);
    }

    private static async Task<FlushRun> Flushed(TestGateway gw, string term)
    {
        var run = gw.Control.Flush(Select(term));
        await run.Finished.WaitAsync(Within);
        return run;
    }

    [Fact]
    public async Task Held_mail_is_not_attempted_and_released_after_its_lifetime_it_is_extended_not_bounced()
    {
        var up = Down();
        var (gw, home) = await StartAsync(up.Hop, Refusing());
        var id = await Send(gw, $"+4511111111/TYPE=PLMN@{Mnc002}");
        await Deferred(gw, 1);
        Assert.Equal(1, (await gw.Control.HoldAsync(Select("D" + Mnc002))).Recipients);   // operator down: park it
        _clock.Advance(TimeSpan.FromDays(6));                                              // down for days
        up.Up();

        var released = await gw.Control.ReleaseAsync(Select("D" + Mnc002));

        Assert.Equal((1, 1), (released.Recipients, released.LifetimesExtended));
        Assert.Contains("lifetime extended for 1 messages", released.ToString());
        await Eventually.True(() => up.Messages.Count == 1, Within, "released mail is delivered, not bounced");
        Assert.Empty(home.Messages);   // no bounce notice to the sender
        await Eventually.True(() => gw.Control.Find(id) is null, Within, "delivered: gone");
    }

    [Fact]
    public async Task A_permanent_failure_sends_the_sender_an_RFC_3464_notice_with_the_original_headers()
    {
        var sink = SmtpSink.Start();
        _owned.Add(sink);
        var (gw, home) = await StartAsync(sink.Hop, Refusing());
        var bad = $"550-+4500000000/TYPE=PLMN@{Mnc002}";

        var id = await Send(gw, bad);

        await Eventually.True(() => home.Messages.Count == 1, Within, "the sender's MMSC should get a notice");
        var notice = home.Messages.Single();
        Assert.Equal("", notice.From);                                   // null sender: a notice is never bounced
        Assert.Equal([Mm4Samples.Sender], notice.To);
        var mime = MimeMessage.Load(new MemoryStream(notice.Data));
        var report = Assert.IsType<MultipartReport>(mime.Body);
        Assert.Equal("delivery-status", report.ReportType);
        Assert.Equal("auto-replied", mime.Headers["Auto-Submitted"]);
        var status = Assert.IsType<MessageDeliveryStatus>(report[1]);
        Assert.Equal($"dns; {TestGateway.Hostname}", status.StatusGroups[0]["Reporting-MTA"]);
        var recipient = status.StatusGroups[1];
        Assert.Equal($"rfc822; {bad}", recipient["Final-Recipient"]);
        Assert.Equal("failed", recipient["Action"]);
        Assert.Equal("5.1.1", recipient["Status"]);
        Assert.Equal("dns; [127.0.0.1]", recipient["Remote-MTA"]);
        Assert.Contains("550 5.1.1 User unknown", recipient["Diagnostic-Code"]);
        Assert.Equal("text/rfc822-headers", report[2].ContentType.MimeType);
        var headers = Encoding.Latin1.GetString(notice.Data).Split("Content-Type: text/rfc822-headers")[1];
        Assert.Contains("X-Mms-Message-Type: MM4_forward.REQ", headers);
        Assert.Contains($"id {id}", headers);
        Assert.DoesNotContain("line 0 of the body", headers);
    }

    [Fact]
    public async Task A_notice_that_cannot_be_delivered_is_held_not_bounced_again()
    {
        var sink = SmtpSink.Start();
        _owned.Add(sink);
        var (gw, _) = await StartAsync(sink.Hop, Refusing());

        await gw.SendRawAsync("", [$"550-+4500000000/TYPE=PLMN@{Mnc002}"], Mm4Samples.ForwardRequest());

        await Eventually.True(() => gw.Control.GetCounts().Held == 1, Within, "the failed notice should be held");
        var held = gw.Control.Search(Select("D" + Mnc002)).Items.Single().Recipients.Single();
        Assert.Contains("not bounced; held", held.LastError);
        Assert.Equal(1, gw.Control.GetCounts().Messages);   // and no second notice was made
    }

    [Fact]
    public async Task An_operator_bounce_fails_the_selection_with_a_notice_to_each_sender()
    {
        var (gw, home) = await StartAsync(Refusing(), Refusing());
        await Send(gw, $"+4511111111/TYPE=PLMN@{Mnc002}");
        await Send(gw, $"+4533333333/TYPE=PLMN@{Mnc003}");
        await Deferred(gw, 2);

        var result = await gw.Control.BounceAsync(Select("D" + Mnc002), "operator mnc002 closed the interconnect");

        Assert.Equal((1, 1), (result.Recipients, result.NoticesSent));
        await Eventually.True(() => home.Messages.Count == 1, Within, "the notice reaches the sender's MMSC");
        Assert.Contains("operator mnc002 closed the interconnect", Encoding.ASCII.GetString(home.Messages.Single().Data));
        Assert.Equal(1, gw.Control.GetCounts().Recipients);
    }

    [Fact]
    public async Task A_stopped_flush_puts_what_it_has_not_attempted_back_to_wait()
    {
        // A peer that accepts and never greets: the one attempt in flight hangs until the connect timeout.
        var silent = SmtpSink.Start(greeting: "");
        _owned.Add(silent);
        var (gw, _) = await StartAsync(Refusing(), Refusing(),
            ("Gateway:Delivery:ConcurrencyPerDestination", "1"), ("Gateway:Delivery:ConnectTimeout", "00:00:02"));
        for (var i = 0; i < 3; i++) await Send(gw, $"+451111111{i}/TYPE=PLMN@{Mnc002}");
        await Deferred(gw, 3);
        gw.ReplaceRoute(Mnc002, silent.Hop);

        var run = gw.Control.Flush(Select("D" + Mnc002));
        await Eventually.True(() => silent.Connections == 1, Within, "the flush starts an attempt");
        run.Stop();

        await run.Finished.WaitAsync(Within);
        Assert.Equal((3, 1, 2, FlushState.Stopped), (run.Selected, run.Attempted, run.Withdrawn, run.State));
        Assert.Equal(3, gw.Control.GetCounts().Deferred);
        Assert.Equal(1, silent.Connections);   // the two withdrawn were never tried
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var o in _owned) await o.DisposeAsync();
        foreach (var p in _closed) p.Dispose();
        _dir.Dispose();
    }
}
