using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MmsConsole.Web.Components.Pages.Mm4;
using MmsConsole.Web.Components.Shared;
using MmsConsole.Web.Live;
using MmsConsole.Web.Mm4;
using MmsConsole.Web.Tests.Components;
using MmsGateway.Registry.Ledger;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Ledger;
using MmsGateway.Relay.Mm4;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Routing;
using MmsGateway.Testing;
using static MmsConsole.Web.Tests.Mm4.LedgerFile;

namespace MmsConsole.Web.Tests.Mm4;

/// <summary>The MM4 page, the ledger search, the chain and the chip's MM4 colour, over a real ledger file.</summary>
public sealed class Mm4ComponentTests : BunitContext, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(Now);
    private readonly LedgerFile _ledger = new();
    private readonly FakeQueue _queue = new();
    private readonly LiveRules _rules = new(RulesSource.Empty);
    private readonly Mm4Watch _watch;
    private readonly GatewayStats _stats;

    public Mm4ComponentTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddConsoleForTests();
        var options = Options.Create(new ConsoleOptions { Mm4MinForwards = 2 });
        _watch = new Mm4Watch(_ledger.Queries, options, _clock, NullLogger<Mm4Watch>.Instance);
        _stats = new GatewayStats(_queue, _rules, options, _clock, NullLogger<GatewayStats>.Instance, mm4: _watch);
        Services.AddSingleton<TimeProvider>(_clock);
        Services.AddSingleton<IQueueControl>(_queue);
        Services.AddSingleton(_ledger.Queries);
        Services.AddSingleton(_watch);
        Services.AddSingleton(new LedgerWriter(new LedgerOptions(), new Mm4Options(), _ledger.Store, _rules, _clock, NullLogger<LedgerWriter>.Instance));
        Services.AddSingleton(_stats);
        Services.AddSingleton(Options.Create(new LedgerOptions()));
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        _ledger.Dispose();
    }

    // Three refuses one forward, answers another late, never answers a third; a RES for nothing; a report for the first.
    private async Task TrafficAsync()
    {
        var t = Now.AddMinutes(-30);
        await _ledger.ApplyAsync(
            Message("MM4_forward.REQ", ToThree, "Q1", t, "T-1", report: "Yes"), new ObservedHandOver(t.AddSeconds(1), "Q1"),
            Message("MM4_forward.REQ", ToThree, "Q2", t, "T-2", recipient: "+4599999999/TYPE=PLMN"), new ObservedHandOver(t.AddSeconds(1), "Q2"),
            Message("MM4_forward.REQ", ToThree, "Q3", t, "T-3"), new ObservedHandOver(t.AddSeconds(1), "Q3"),
            Message("MM4_forward.RES", FromThree, "R1", t.AddSeconds(3), "T-1", status: "Error-service-denied"),
            Message("MM4_forward.RES", FromThree, "R9", t.AddSeconds(4), "T-nothing", status: "Ok"),
            Message("MM4_delivery_report.REQ", FromThree, "D1", t.AddSeconds(9), "DR-1", mmStatus: "Rejected", mid: "M-T-1"));
        await _ledger.Store.ExpireAsync(t.AddMinutes(11), CancellationToken.None);
        await _ledger.ApplyAsync(Message("MM4_forward.RES", FromThree, "R2", t.AddMinutes(12), "T-2", status: "Ok"));
    }

    [Fact]
    public async Task The_mm4_page_shows_each_partner_with_links_to_the_missing_the_unmatched_and_its_status_mix()
    {
        await TrafficAsync();

        var cut = Render<Mm4Page>();

        // T-2 and T-3 went missing; T-2's RES came later and is late as well (both facts count).
        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=mm4-missing-three-outbound]").TextContent));
        Assert.Equal("/mm4/ledger?operator=Three&direction=Outbound&state=Missing", cut.Find("[data-testid=mm4-missing-three-outbound]").GetAttribute("href"));
        Assert.Equal("1", cut.Find("[data-testid=mm4-late-three-outbound]").TextContent);
        Assert.Equal("1", cut.Find("[data-testid=mm4-answered-three-outbound]").TextContent);
        Assert.Equal("1", cut.Find("[data-testid=mm4-unmatched-three-outbound]").TextContent);
        Assert.Equal("/mm4/ledger?operator=Three&direction=Inbound&state=Unmatched", cut.Find("[data-testid=mm4-unmatched-three-outbound]").GetAttribute("href"));
        Assert.Equal("Error-service-denied 1 (50%), Ok 1 (50%)".Split(", ").Order(), cut.Find("[data-testid=mm4-mix-three-outbound]").GetAttribute("title")!.Split(", ").Order());
        Assert.Contains("100%", cut.Markup);   // one report asked, one received
    }

    [Fact]
    public async Task The_ledger_page_finds_a_subscriber_by_00_and_opens_the_chain_req_res_report()
    {
        await TrafficAsync();
        var nav = Services.GetRequiredService<NavigationManager>();
        nav.NavigateTo("/mm4/ledger?msisdn=004512345678");

        var cut = Render<LedgerPage>();

        // Every transaction with that number: T-1 and T-3, the report on T-1, the RES that matched nothing; not T-2 (another subscriber).
        cut.WaitForAssertion(() => Assert.Equal(["DR-1", "T-nothing", "T-3", "T-1"], cut.FindAll("[data-testid=ledger-row-tid]").Select(c => c.TextContent)));
        cut.FindAll("tr").First(r => r.TextContent.Contains("T-1") && r.TextContent.Contains("MM4_forward.REQ")).Click();
        cut.WaitForAssertion(() => Assert.Contains("Error-service-denied", cut.Find("[data-testid=ledger-detail] [data-testid=chain-res]").TextContent));
        Assert.Contains("Rejected", cut.Find("[data-testid=ledger-detail] [data-testid=chain-report]").TextContent);
        Assert.Equal("/log?q=Q1", cut.Find("[data-testid=ledger-detail] [data-testid=log-link]").GetAttribute("href"));
    }

    [Fact]
    public void A_bad_search_is_named_on_the_page()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/mm4/ledger?state=Lost");

        var cut = Render<LedgerPage>();

        cut.WaitForAssertion(() => Assert.StartsWith("state: one of Undelivered", cut.Find("[data-testid=ledger-error]").TextContent));
    }

    [Theory]
    [InlineData(Mm4Level.Warning, "mud-chip-color-warning", "Three · UP · MM4 degraded")]
    [InlineData(Mm4Level.Critical, "mud-chip-color-error", "Three · UP · MM4 FAILING")]
    [InlineData(Mm4Level.Good, "mud-chip-color-success", "Three · UP")]
    public void The_chip_of_an_up_partner_whose_mmsc_refuses_takes_the_mm4_colour(Mm4Level level, string colour, string text)
    {
        var verdict = new Mm4Verdict("Three", level, "40 of the last 100 forwards answered Error-service-denied (last 15 min)", 100, 40, 0);

        var cut = Render<StatusChip>(p => p.Add(x => x.Status, DestinationStatus.Active).Add(x => x.Prefix, "Three").Add(x => x.Mm4, verdict));

        Assert.Equal(text, cut.Find(".mud-chip").TextContent.Trim());
        Assert.Contains(colour, cut.Find(".mud-chip").ClassName);
        Assert.Equal(level.ToString().ToLowerInvariant(), cut.Find(".mud-chip").GetAttribute("data-mm4"));
        if (level != Mm4Level.Good) Assert.Contains("MM4: 40 of the last 100", cut.Find(".mud-chip").GetAttribute("title"));
    }

    [Fact]
    public async Task The_dashboard_banner_names_the_partner_and_the_refusals()
    {
        var t = Now.AddMinutes(-5);
        await _ledger.ApplyAsync(
            Message("MM4_forward.REQ", ToThree, "Q1", t, "T-1"), new ObservedHandOver(t, "Q1"),
            Message("MM4_forward.REQ", ToThree, "Q2", t, "T-2"), new ObservedHandOver(t, "Q2"),
            Message("MM4_forward.RES", FromThree, "R1", t.AddSeconds(1), "T-1", status: "Error-service-denied"),
            Message("MM4_forward.RES", FromThree, "R2", t.AddSeconds(1), "T-2", status: "Error-service-denied"));
        _rules.Apply(_rules.Overlay with { Routes = [new Route("mms.mnc003.mcc238.gprs", [NextHop.TryParse("[10.0.0.3]", out var h, out _) ? h : null!]) { Operator = "Three" }] });

        await _watch.RefreshAsync();
        var snapshot = _stats.Peek();

        Assert.Equal(Mm4Level.Critical, Assert.Single(snapshot.Operators).Mm4!.Level);
        Assert.Contains("Three: 2 of the last 2 forwards answered Error-service-denied (last 15 min)", snapshot.Alerts);
    }
}
