using System.Text;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Delivery;
using MmsGateway.Testing;

namespace MmsGateway.Relay.IntegrationTests.Delivery;

/// <summary>The gateway relays to real SMTP sinks started by each test, routed by Gateway:Routes.</summary>
public sealed class DeliveryTests : IAsyncLifetime
{
    private const string Mnc002 = "mms.mnc002.mcc238.gprs", Mnc003 = "mms.mnc003.mcc238.gprs";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);
    private readonly TempDir _dir = new();
    private readonly List<IAsyncDisposable> _owned = [];

    private SmtpSink Sink(string greeting = "220 sink.test.invalid ESMTP")
    {
        var sink = SmtpSink.Start(greeting);
        _owned.Add(sink);
        return sink;
    }

    private async Task<TestGateway> Gateway(Dictionary<string, string?> settings, TimeProvider? clock = null)
    {
        settings.TryAdd("Gateway:Delivery:RetryInitial", "00:00:00.300");
        settings.TryAdd("Gateway:Delivery:RetryJitter", "0");
        settings.TryAdd("Gateway:Delivery:ConnectTimeout", "00:00:05");
        var gw = await TestGateway.StartAsync(_dir.Path, settings, clock);
        _owned.Insert(0, gw);   // stopped before the sinks it talks to
        return gw;
    }

    [Fact]
    public async Task PLMN_headers_X_Mms_headers_and_body_reach_the_operator_byte_for_byte()
    {
        var sink = Sink();
        var gw = await Gateway(new() { [$"Gateway:Routes:{Mnc002}"] = sink.Hop });
        // Bcc, Content-Length, an odd "Subject :" and an 8-bit byte: a re-serialising relay changes each.
        var original = Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(Mm4Samples.ForwardRequest()).Replace("Subject: Hello\r\n",
            "Subject : Hello\r\nBcc: +4599999999/TYPE=PLMN\r\nContent-Length: 12\r\nX-Mms-Subject: caf\u00e9\r\n"));
        var stuffed = Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(original).Replace("\r\n.", "\r\n.."));

        var id = await gw.SendRawAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], stuffed);

        await Eventually.True(() => sink.Messages.Count == 1, Within, "the operator's sink never got the message");
        var got = sink.Messages.Single();
        Assert.Equal(Mm4Samples.Sender, got.From);
        Assert.Equal([Mm4Samples.Recipient], got.To);
        Assert.Equal(original, Mm4Samples.AfterReceivedHeader(got.Data));
        Assert.StartsWith($"Received: from {TestGateway.ClientName}", Encoding.ASCII.GetString(got.Data));
        await Eventually.True(() => gw.Control.Find(id) is null, Within, "a delivered message should leave the queue");
    }

    [Fact]
    public async Task Each_destination_goes_to_its_own_next_hop_and_the_attempt_is_logged_as_sendmail_does()
    {
        var sink2 = Sink();
        var sink3 = Sink();
        var gw = await Gateway(new() { [$"Gateway:Routes:{Mnc002}"] = sink2.Hop, [$"Gateway:Routes:{Mnc003}"] = sink3.Hop });
        using var log = gw.RecordDeliveries();

        var id = await gw.SendRawAsync(Mm4Samples.Sender, [$"+4510000002/TYPE=PLMN@{Mnc002}", $"+4510000003/TYPE=PLMN@{Mnc003}"], Mm4Samples.ForwardRequest());

        await Eventually.True(() => sink2.Messages.Count == 1 && sink3.Messages.Count == 1, Within, "both operators should get their copy");
        Assert.Equal([$"+4510000002/TYPE=PLMN@{Mnc002}"], sink2.Messages.Single().To);
        Assert.Equal([$"+4510000003/TYPE=PLMN@{Mnc003}"], sink3.Messages.Single().To);
        await Eventually.True(() => log.Attempts.Count == 2, Within, "one attempt event per recipient");
        var line = log.Lines.Single(l => l.Contains(Mnc002));
        Assert.Matches($@"^{id}: to=<\+4510000002/TYPE=PLMN@{Mnc002}>, delay=00:00:0\d, relay=\[127\.0\.0\.1\]:{sink2.Endpoint.Port}, tls=none, dsn=2\.0\.0, stat=Sent \(.*queued as S1\)$", line);
    }

    [Fact]
    public async Task When_the_primary_hop_refuses_connections_the_fallback_gets_the_mail()
    {
        var fallback = Sink();
        using var closed = new ClosedPort();
        var gw = await Gateway(new() { [$"Gateway:Routes:{Mnc002}"] = $"{closed.Hop} {fallback.Hop}" });
        using var log = gw.RecordDeliveries();

        await gw.SendRawAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], Mm4Samples.ForwardRequest());

        await Eventually.True(() => fallback.Messages.Count == 1, Within, "the fallback hop should receive the message");
        await Eventually.True(() => log.Attempts.Count == 1, Within, "one attempt");
        Assert.Equal(fallback.Hop, log.Attempts.Single().Relay);   // the port too: which of the partner's gateways took it
        Assert.Equal(OutcomeKind.Delivered, log.Attempts.Single().Outcome);
    }

    [Fact]
    public async Task A_refused_connection_names_the_hop_with_its_port_in_the_error_and_the_log()
    {
        using var closed = new ClosedPort();
        var gw = await Gateway(new() { [$"Gateway:Routes:{Mnc002}"] = closed.Hop });
        using var log = gw.RecordDeliveries();

        var id = await gw.SendRawAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], Mm4Samples.ForwardRequest());

        await Eventually.True(() => log.Attempts.Count == 1, Within, "one attempt, deferred");
        var attempt = log.Attempts.Single();
        // relay= of the log line is this same field (DeliveryLog.Attempted).
        Assert.Equal((closed.Hop, "4.4.1"), (attempt.Relay, attempt.Dsn));
        Assert.Equal($"Deferred: Connection refused by {closed.Hop}", attempt.Status);
        Assert.Equal($"Deferred: Connection refused by {closed.Hop}", gw.Control.Find(id)!.Recipients.Single().LastError);
    }

    [Fact]
    public async Task A_primary_that_greets_with_421_is_passed_over_for_the_fallback()
    {
        var busy = Sink("421 4.3.2 busy, try later");
        var fallback = Sink();
        var gw = await Gateway(new() { [$"Gateway:Routes:{Mnc002}"] = $"{busy.Hop},{fallback.Hop}" });

        await gw.SendRawAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], Mm4Samples.ForwardRequest());

        await Eventually.True(() => fallback.Messages.Count == 1, Within, "the fallback hop should receive the message");
        Assert.Equal(1, busy.Connections);
        Assert.Empty(busy.Messages);
    }

    [Fact]
    public async Task A_peer_that_never_answers_the_data_is_given_up_after_the_command_timeout_and_the_retry_delivers()
    {
        var sink = Sink();
        var stalled = new TaskCompletionSource();
        _owned.Insert(0, new Releasing(stalled));   // before the sink, which waits for its sessions
        var calls = 0;
        sink.BeforeDataReply = _ => Interlocked.Increment(ref calls) == 1 ? stalled.Task : Task.CompletedTask;
        var gw = await Gateway(new() { [$"Gateway:Routes:{Mnc002}"] = sink.Hop, ["Gateway:Delivery:CommandTimeout"] = "00:00:01" });
        using var log = gw.RecordDeliveries();

        var id = await gw.SendRawAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], Mm4Samples.ForwardRequest());

        await Eventually.True(() => log.Attempts.Count == 2, Within, "a timed-out attempt, then the retry");
        var (first, second) = (log.Attempts.First(), log.Attempts.Last());
        Assert.Equal((OutcomeKind.Deferred, "4.4.2"), (first.Outcome, first.Dsn));
        Assert.Equal($"Deferred: Lost connection with {sink.Hop} (no reply in 1 s)", first.Status);
        Assert.Equal(OutcomeKind.Delivered, second.Outcome);
        await Eventually.True(() => gw.Control.Find(id) is null, Within, "delivered: gone from the queue");
    }

    [Fact]
    public async Task A_peer_that_stops_reading_in_the_middle_of_the_data_is_given_up_after_the_command_timeout()
    {
        var stalling = new StallingSink();
        _owned.Add(stalling);
        var gw = await Gateway(new() { [$"Gateway:Routes:{Mnc002}"] = stalling.Hop, ["Gateway:Delivery:CommandTimeout"] = "00:00:01",
            ["Gateway:Delivery:RetryInitial"] = "01:00:00" });
        using var log = gw.RecordDeliveries();
        // Larger than the loopback buffers between the two (4 MB to send, 8 KB to receive), so the writes stop.
        var line = new string('a', 76) + "\r\n";
        var big = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(Mm4Samples.ForwardRequest()) + string.Concat(Enumerable.Repeat(line, 8 * 1024 * 1024 / line.Length)));

        var id = await gw.SendRawAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], big);

        await Eventually.True(() => log.Attempts.Count == 1, Within, "the stalled attempt should end at the command timeout");
        var attempt = log.Attempts.Single();
        Assert.Equal((OutcomeKind.Deferred, "4.4.2"), (attempt.Outcome, attempt.Dsn));
        Assert.Equal($"Deferred: Lost connection with {stalling.Hop} (peer took no data for 1 s)", attempt.Status);
        Assert.Equal(1, stalling.Stalled);
        Assert.NotNull(gw.Control.Find(id));   // still queued for the retry
    }

    /// <summary>Lets a held sink session finish when the test ends.</summary>
    private sealed class Releasing(TaskCompletionSource held) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            held.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task A_450_defers_then_the_retry_delivers_once()
    {
        var sink = Sink();
        var gw = await Gateway(new() { [$"Gateway:Routes:{Mnc002}"] = sink.Hop });
        using var log = gw.RecordDeliveries();
        var rcpt = $"450-once-+4512345678/TYPE=PLMN@{Mnc002}";

        var id = await gw.SendRawAsync(Mm4Samples.Sender, [rcpt], Mm4Samples.ForwardRequest());

        await Eventually.True(() => sink.Messages.Count == 1, Within, "the retry should deliver");
        await Eventually.True(() => log.Attempts.Count == 2, Within, "two attempts: deferred, then sent");
        var (first, second) = (log.Attempts.First(), log.Attempts.Last());
        Assert.Equal((OutcomeKind.Deferred, "4.2.0", 1), (first.Outcome, first.Dsn, first.Attempt));
        Assert.Contains($"stat=Deferred: {sink.Hop} said: 450 4.2.0 Mailbox busy", first.LogLine);
        Assert.Equal((OutcomeKind.Delivered, 2), (second.Outcome, second.Attempt));
        Assert.Single(sink.Messages);
        await Eventually.True(() => gw.Control.Find(id) is null, Within, "delivered: gone from the queue");
    }

    [Fact]
    public async Task A_550_recipient_is_bounced_while_the_other_recipient_of_the_message_is_delivered()
    {
        var sink = Sink();
        var gw = await Gateway(new() { [$"Gateway:Routes:{Mnc002}"] = sink.Hop });
        using var log = gw.RecordDeliveries();
        var good = $"+4512345678/TYPE=PLMN@{Mnc002}";
        var bad = $"550-+4500000000/TYPE=PLMN@{Mnc002}";

        var id = await gw.SendRawAsync(Mm4Samples.Sender, [good, bad], Mm4Samples.ForwardRequest());

        await Eventually.True(() => log.Attempts.Count(a => a.QueueId == id) == 2, Within, "both recipients attempted");
        Assert.Equal([good], sink.Messages.Single().To);
        var bounced = log.Attempts.Single(a => a.QueueId == id && a.Recipient == bad);
        Assert.Equal((OutcomeKind.Bounced, "5.1.1"), (bounced.Outcome, bounced.Dsn));
        Assert.Contains("550 5.1.1 User unknown", bounced.Status);
        await Eventually.True(() => gw.Control.Find(id) is null, Within, "no recipient left: gone from the queue");
    }

    [Fact]
    public async Task Successive_messages_to_one_operator_share_a_connection()
    {
        var sink = Sink();
        var gw = await Gateway(new() { [$"Gateway:Routes:{Mnc002}"] = sink.Hop, ["Gateway:Delivery:ConcurrencyPerDestination"] = "1" });

        for (var i = 0; i < 5; i++)
            await gw.SendRawAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], Mm4Samples.ForwardRequest($"T{i}"));

        await Eventually.True(() => sink.Messages.Count == 5, Within, "all five delivered");
        Assert.Equal(1, sink.Connections);
    }

    [Fact]
    public async Task A_backlog_found_at_start_opens_more_connections_as_deliveries_succeed()
    {
        var sink = Sink();
        var route = new Dictionary<string, string?> { [$"Gateway:Routes:{Mnc002}"] = sink.Hop };
        await using (var queueing = await TestGateway.StartAsync(_dir.Path, new Dictionary<string, string?>(route) { ["Gateway:Delivery:Enabled"] = "false" }))
            for (var i = 0; i < 12; i++)
                await queueing.SendRawAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], Mm4Samples.ForwardRequest($"B{i}"));
        // The first delivery is answered at once; every later one waits in DATA until a second connection
        // is open. Nothing arrives after the restart to wake the destination again: only the worker's own
        // growth can open that connection (one wake-up at start, one connection, was the whole backlog's lot).
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answered = 0;
        sink.BeforeDataReply = _ =>
        {
            if (Interlocked.Increment(ref answered) == 1) return Task.CompletedTask;
            if (sink.Connections >= 2) second.TrySetResult();
            return second.Task.WaitAsync(Within).ContinueWith(_ => { }, TaskScheduler.Default);
        };

        await Gateway(route);

        await Eventually.True(() => sink.Messages.Count == 12, Within * 2, "the backlog delivered");
        Assert.True(second.Task.IsCompletedSuccessfully, $"the backlog drained over {sink.Connections} connection(s); a delivery while more waits should open another");
    }

    [Fact]
    public async Task A_domain_without_a_route_is_refused_at_RCPT_as_relaying_denied()
    {
        var sink = Sink();
        var gw = await Gateway(new() { [$"Gateway:Routes:{Mnc002}"] = sink.Hop });
        await using var c = await RawSmtp.ConnectAsync(gw.Endpoint);
        await c.ReadReplyAsync();
        await c.CommandAsync("EHLO x.example");
        await c.CommandAsync($"MAIL FROM:<{Mm4Samples.Sender}>");

        var reply = await c.CommandAsync("RCPT TO:<+4512345678/TYPE=PLMN@mms.mnc009.mcc238.gprs>");

        Assert.StartsWith("550 5.7.1 <+4512345678/TYPE=PLMN@mms.mnc009.mcc238.gprs>: Relay access denied", reply);
    }

    [Fact]
    public async Task A_parent_domain_route_covers_every_operator_below_it()
    {
        var sink = Sink();
        var gw = await Gateway(new() { ["Gateway:Routes:.mcc238.gprs"] = sink.Hop });

        await gw.SendRawAsync(Mm4Samples.Sender, [$"+4512345678/TYPE=PLMN@{Mnc003}"], Mm4Samples.ForwardRequest());

        await Eventually.True(() => sink.Messages.Count == 1, Within, "routed by the .mcc238.gprs entry");
    }

    [Fact]
    public async Task A_deferred_recipient_past_its_lifetime_is_bounced_on_the_next_failure()
    {
        using var closed = new ClosedPort();
        var clock = new ManualClock();
        var gw = await Gateway(new()
        {
            [$"Gateway:Routes:{Mnc002}"] = closed.Hop,
            ["Gateway:Delivery:QueueLifetime"] = "5.00:00:00",
        }, clock);
        using var log = gw.RecordDeliveries();

        var id = await gw.SendRawAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], Mm4Samples.ForwardRequest());
        await Eventually.True(() => log.Attempts.Count == 1, Within, "first attempt deferred");
        clock.Advance(TimeSpan.FromDays(5) + TimeSpan.FromMinutes(1));
        gw.Scheduler.Kick(Mnc002);
        gw.Scheduler.CheckRetriesNow();

        await Eventually.True(() => log.Attempts.Count(a => a.QueueId == id) == 2, Within, "the retry after the lifetime");
        var last = log.Attempts.Last(a => a.QueueId == id);
        Assert.Equal((OutcomeKind.Bounced, "4.4.7"), (last.Outcome, last.Dsn));
        Assert.StartsWith("Bounced: Message could not be delivered for 5+00:01:", last.Status);
        await Eventually.True(() => gw.Control.Find(id) is null, Within, "bounced: gone from the queue");
    }

    [Fact]
    public async Task An_attempt_cut_off_by_shutdown_is_not_counted_and_goes_out_at_once_after_restart()
    {
        var silent = Sink(greeting: "");   // accepts and never greets: the attempt hangs until we stop
        var settings = new Dictionary<string, string?>
        {
            [$"Gateway:Routes:{Mnc002}"] = silent.Hop,
            ["Gateway:Delivery:ConnectTimeout"] = "00:01:00",
            ["Gateway:Delivery:RetryInitial"] = "01:00:00",
            ["Gateway:Delivery:RetryMax"] = "01:00:00",
        };
        var gw = await Gateway(settings);
        var id = await gw.SendRawAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], Mm4Samples.ForwardRequest());
        await Eventually.True(() => silent.Connections == 1, Within, "the attempt starts");
        await gw.StopAsync();
        var sink = Sink();
        settings[$"Gateway:Routes:{Mnc002}"] = sink.Hop;

        await using var restarted = await TestGateway.StartAsync(_dir.Path, settings);

        await Eventually.True(() => sink.Messages.Count == 1, Within, "delivered at once, not an hour later");
        Assert.Contains(id, Encoding.ASCII.GetString(sink.Messages.Single().Data));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var o in _owned) await o.DisposeAsync();
        _dir.Dispose();
    }
}
