using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MmsConsole.Web.Components.Pages.Deliveries;
using MmsConsole.Web.Live;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Delivery;
using MmsGateway.Relay.Policy;
using MmsGateway.Testing;
using MudBlazor.Services;

namespace MmsConsole.Web.Tests.Components;

/// <summary>The seed's <c>tail -f | grep PLMN | grep -v stat=Sent</c> as a live page.</summary>
public sealed class DeliveryLogTests : BunitContext, IAsyncLifetime
{
    private readonly FakeQueue _queue = new();
    private readonly GatewayStats _stats;

    public DeliveryLogTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddConsoleForTests();
        _stats = new GatewayStats(_queue, new LiveRules(RulesSource.Empty), Options.Create(new ConsoleOptions()), new ManualClock(), NullLogger<GatewayStats>.Instance);
        Services.AddSingleton(_stats);
    }

    // ExecuteAsync runs on the pool (.NET 10 BackgroundService): wait until the sampler listens.
    async Task IAsyncLifetime.InitializeAsync()
    {
        await _stats.StartAsync(CancellationToken.None);
        await Eventually.True(() => ((DeliveryFeed)_queue.Deliveries).HasSubscribers, TimeSpan.FromSeconds(5), "the sampler subscribes to deliveries");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _stats.StopAsync(CancellationToken.None);
        await base.DisposeAsync();
    }

    private void Attempt(string recipient, OutcomeKind outcome, string status) =>
        ((DeliveryFeed)_queue.Deliveries).Publish(new DeliveryAttempt(DateTimeOffset.UtcNow, "005AAAAAAA000", recipient, "mms.mnc002.mcc238.gprs",
            "[10.0.0.2]", outcome == OutcomeKind.Delivered ? "2.0.0" : "4.4.1", status, TimeSpan.FromSeconds(3), outcome, 1));

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

        cut.Find("input[data-testid=log-plmn], [data-testid=log-plmn] input").Change(true);
        cut.Find("input[data-testid=log-notsent], [data-testid=log-notsent] input").Change(true);

        var line = Assert.Single(cut.FindAll("[data-testid=log-line]"));
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

        cut.Find("input[data-testid=log-text], [data-testid=log-text] input").Input("+4512345679");
        cut.WaitForAssertion(() => Assert.Contains("+4512345679", Assert.Single(cut.FindAll("[data-testid=log-line]")).TextContent));
    }
}
