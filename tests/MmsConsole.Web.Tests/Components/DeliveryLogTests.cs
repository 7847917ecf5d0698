using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MmsConsole.Web.Components.Pages.Deliveries;
using MmsConsole.Web.Live;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Delivery;
using MmsGateway.Relay.MailLog;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Smtp;
using MmsGateway.Testing;
using MudBlazor.Services;

namespace MmsConsole.Web.Tests.Components;

/// <summary>The seed's <c>tail -f | grep PLMN | grep -v stat=Sent</c> as a page over the mail log: a real
/// writer on a temporary directory, fed by the same delivery feed as the sampler.</summary>
public sealed class DeliveryLogTests : BunitContext, IAsyncLifetime
{
    private readonly FakeQueue _queue = new();
    private readonly GatewayStats _stats;
    private readonly TempDir _dir = new();
    private readonly MailLogWriter _writer;

    public DeliveryLogTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddConsoleForTests();
        _stats = new GatewayStats(_queue, new LiveRules(RulesSource.Empty), Options.Create(new ConsoleOptions()), new ManualClock(), NullLogger<GatewayStats>.Instance);
        Services.AddSingleton(_stats);
        _writer = new MailLogWriter(new MailLogOptions { FlushInterval = TimeSpan.FromMilliseconds(50) }, _dir.Path, "mm4gw.test", TimeProvider.System, NullLogger.Instance);
        Services.AddSingleton(new MailLogReader(_dir.Path));
    }

    // ExecuteAsync runs on the pool (.NET 10 BackgroundService): wait until the sampler listens.
    async Task IAsyncLifetime.InitializeAsync()
    {
        await _stats.StartAsync(CancellationToken.None);
        await Eventually.True(() => ((DeliveryFeed)_queue.Deliveries).HasSubscribers, TimeSpan.FromSeconds(5), "the sampler subscribes to deliveries");
        _writer.Start(new AcceptFeed(), (DeliveryFeed)_queue.Deliveries);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _stats.StopAsync(CancellationToken.None);
        await _writer.DisposeAsync();
        await base.DisposeAsync();
        _dir.Dispose();
    }

    private void Attempt(string recipient, OutcomeKind outcome, string status) =>
        ((DeliveryFeed)_queue.Deliveries).Publish(new DeliveryAttempt(DateTimeOffset.UtcNow, "005AAAAAAA000", recipient, "mms.mnc002.mcc238.gprs",
            "[10.0.0.2]", outcome == OutcomeKind.Delivered ? "2.0.0" : "4.4.1", status, TimeSpan.FromSeconds(3), outcome, 1));

    private int LinesInFile() => File.Exists(Path.Combine(_dir.Path, MailLogWriter.FileName))
        ? File.ReadAllLines(Path.Combine(_dir.Path, MailLogWriter.FileName)).Length : 0;

    [Fact]
    public async Task Attempts_appear_within_a_second_and_the_seeds_grep_is_two_switches()
    {
        var cut = Render<DeliveryLogPage>();
        Assert.NotNull(cut.Find("[data-testid=log-empty]"));

        Attempt("+4512345678/TYPE=PLMN@mms.mnc002.mcc238.gprs", OutcomeKind.Delivered, "Sent (250 ok)");
        Attempt("+4512345679/TYPE=PLMN@mms.mnc002.mcc238.gprs", OutcomeKind.Deferred, "Deferred: Connection refused by [10.0.0.2]");
        Attempt("postmaster@mms.mnc002.mcc238.gprs", OutcomeKind.Deferred, "Deferred: Connection refused by [10.0.0.2]");
        // The page takes each second's attempts as one batch, on the sampler's tick. The feed reaches the
        // sampler on another thread, and that is no render: poll it rather than wait for a render.
        await Eventually.True(() => _stats.RecentDeliveries().Count == 3, TimeSpan.FromSeconds(5), "the sampler has the attempts");
        _stats.Sample();
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=log-line]").Count));
        Assert.Contains("005AAAAAAA000: to=<postmaster@mms.mnc002.mcc238.gprs>, delay=00:00:03, relay=[10.0.0.2], tls=none, dsn=4.4.1, stat=Deferred",
            cut.FindAll("[data-testid=log-line]")[0].TextContent);

        await Eventually.True(() => LinesInFile() == 3, TimeSpan.FromSeconds(5), "the mail log has the attempts");
        cut.Find("input[data-testid=log-plmn], [data-testid=log-plmn] input").Change(true);
        cut.Find("input[data-testid=log-notsent], [data-testid=log-notsent] input").Change(true);

        // Each switch re-reads the mail log on its own render: wait for the result of both, not for the first line drawn.
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=log-line]")));
        var line = cut.Find("[data-testid=log-line]");
        Assert.Contains("+4512345679/TYPE=PLMN", line.TextContent);
        Assert.Contains("log-deferred", line.ClassName);
    }

    [Fact]
    public async Task Pause_holds_the_tail_still_and_counts_what_came_meanwhile_and_the_text_filter_narrows_it()
    {
        var cut = Render<DeliveryLogPage>();
        Attempt("+4512345678/TYPE=PLMN@mms.mnc002.mcc238.gprs", OutcomeKind.Delivered, "Sent (250 ok)");
        await Eventually.True(() => _stats.RecentDeliveries().Count == 1, TimeSpan.FromSeconds(5), "the sampler has the attempt");
        _stats.Sample();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=log-line]")));

        cut.Find("[data-testid=log-pause]").Click();
        Attempt("+4512345679/TYPE=PLMN@mms.mnc002.mcc238.gprs", OutcomeKind.Deferred, "Deferred: Connection refused by [10.0.0.2]");
        Attempt("+4512345670/TYPE=PLMN@mms.mnc002.mcc238.gprs", OutcomeKind.Bounced, "User unknown");
        await Eventually.True(() => _stats.RecentDeliveries().Count == 3, TimeSpan.FromSeconds(5), "the sampler has the attempts");
        _stats.Sample();

        cut.WaitForAssertion(() => Assert.Contains("Paused: 2 attempt(s) since", cut.Find("[data-testid=log-paused]").TextContent));
        Assert.Single(cut.FindAll("[data-testid=log-line]"));
        cut.Find("[data-testid=log-pause]").Click();
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=log-line]").Count));
        Assert.Contains("log-bounced", cut.FindAll("[data-testid=log-line]")[0].ClassName);

        await Eventually.True(() => LinesInFile() == 3, TimeSpan.FromSeconds(5), "the mail log has the attempts");
        cut.Find("input[data-testid=log-text], [data-testid=log-text] input").Change("004512345679");   // the international 00 form
        cut.Find("[data-testid=log-search]").Click();
        cut.WaitForAssertion(() => Assert.Contains("+4512345679", Assert.Single(cut.FindAll("[data-testid=log-line]")).TextContent));
    }

    [Fact]
    public async Task History_written_before_the_page_opened_is_there_searchable_by_message_id_and_paged()
    {
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1);
        _writer.Add(yesterday, "00ABCDEF0001: from=<+4587654321/TYPE=PLMN@mms.mnc001.mcc238.gprs>, size=2100, nrcpts=1, msgid=<T-9@mmsc>, relay=[127.0.0.1], tls=none");
        for (var i = 0; i < 250; i++)
            _writer.Add(yesterday.AddSeconds(i + 1), $"00ABCDEF{i:D4}: to=<+45{i:D8}/TYPE=PLMN@mms.mnc002.mcc238.gprs>, delay=00:00:01, relay=[10.0.0.2], tls=none, dsn=2.0.0, stat=Sent (ok)");
        _writer.Flush();

        var cut = Render<DeliveryLogPage>();

        cut.WaitForAssertion(() => Assert.Equal(200, cut.FindAll("[data-testid=log-line]").Count));
        Assert.Contains("+4500000249/TYPE=PLMN", cut.FindAll("[data-testid=log-line]")[0].TextContent);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d 00ABCDEF0249: to=<", cut.FindAll("[data-testid=log-line]")[0].TextContent);   // a space before the queue id
        cut.Find("[data-testid=log-older]").Click();
        cut.WaitForAssertion(() => Assert.Equal(250, cut.FindAll("[data-testid=log-line]").Count));

        cut.Find("input[data-testid=log-msgid], [data-testid=log-msgid] input").Change("<T-9@mmsc>");
        cut.Find("[data-testid=log-search]").Click();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=log-line]").Count));   // its from= line and the attempt of the same queue id
        Assert.Contains("msgid=<T-9@mmsc>", cut.FindAll("[data-testid=log-line]")[^1].TextContent);

        cut.Find("input[data-testid=log-from], [data-testid=log-from] input").Change("yesterday");
        cut.Find("[data-testid=log-search]").Click();
        cut.WaitForAssertion(() => Assert.Contains("From 'yesterday' is not a time", cut.Find("[data-testid=log-error]").TextContent));
    }
}
