using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MmsConsole.Web.Components.Pages.Dashboard;
using MmsConsole.Web.Components.Shared;
using MmsConsole.Web.Live;
using MmsGateway.Registry.Nodes;
using MmsGateway.Relay.Hosting;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Routing;
using MmsGateway.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace MmsConsole.Web.Tests.Components;

public sealed class ComponentTests : BunitContext, IAsyncLifetime
{
    private readonly FakeQueue _queue = new();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero));
    private readonly LiveRules _rules = new(RulesSource.Empty);
    private readonly GatewayStats _stats;

    public ComponentTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddConsoleForTests();
        _stats = new GatewayStats(_queue, _rules, Options.Create(new ConsoleOptions { DepthAlert = 100, OldestAlert = TimeSpan.FromMinutes(30) }),
            _clock, NullLogger<GatewayStats>.Instance);
        Services.AddSingleton(_stats);
        Services.AddSingleton<TimeProvider>(_clock);
        Services.AddSingleton(_rules);
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private void Route(string domain, string name, DestinationStatus status = DestinationStatus.Active) =>
        _rules.Apply(_rules.Overlay with
        {
            Routes = [.. _rules.Overlay.Routes, new Route(domain, [NextHop.TryParse("[10.0.0.2]", out var h, out _) ? h : null!]) { Operator = name, Status = status }],
        });

    [Theory]
    [InlineData(DestinationStatus.Active, "UP", "mud-chip-color-success")]
    [InlineData(DestinationStatus.Holding, "DOWN · holding", "mud-chip-color-warning")]
    [InlineData(DestinationStatus.RejectingTemporarily, "DOWN · rejecting 4xx", "mud-chip-color-error")]
    [InlineData(DestinationStatus.RejectingPermanently, "DOWN · rejecting 5xx", "mud-chip-color-error")]
    public void A_status_chip_says_up_or_down_and_how_in_its_colour(DestinationStatus status, string text, string colour)
    {
        var cut = Render<StatusChip>(p => p.Add(x => x.Status, status).Add(x => x.Prefix, "Two"));
        Assert.Equal($"Two · {text}", cut.Find(".mud-chip").TextContent.Trim());
        Assert.Contains(colour, cut.Find(".mud-chip").ClassName);
    }

    [Fact]
    public async Task The_dashboard_shows_each_node_of_the_site_and_says_which_stopped_beating()
    {
        using var registry = new RegistryFile();
        await registry.PrepareAsync();
        var gw1 = new NodeHeartbeat(registry.Factory, new NodeIdentity("gw1"), new QueueIdGenerator(_clock), _clock, NullLogger<NodeHeartbeat>.Instance);
        var gw2 = new NodeHeartbeat(registry.Factory, new NodeIdentity("gw2"), new QueueIdGenerator(_clock), _clock, NullLogger<NodeHeartbeat>.Instance);
        await gw1.BeatAsync(CancellationToken.None);
        await gw2.BeatAsync(CancellationToken.None);
        var nodes = new SiteNodes(new NodeDirectory(registry.Factory, new NodeIdentity("gw1"), _clock), _clock, NullLogger<SiteNodes>.Instance);
        Services.AddSingleton(nodes);
        await nodes.RefreshAsync();
        var cut = Render<Dashboard>();
        Assert.Contains("gw1 (this node) · up", cut.Find("[data-testid=node-gw1]").TextContent);
        Assert.Contains("mud-chip-color-success", cut.Find("[data-testid=node-gw2]").ClassName);
        Assert.Empty(cut.FindAll("[data-testid=node-alert]"));

        // gw2 dies; gw1 beats on; the next read turns gw2 red, with a banner, without a reload.
        _clock.Advance(TimeSpan.FromSeconds(45));
        await gw1.BeatAsync(CancellationToken.None);
        await nodes.RefreshAsync();

        cut.WaitForAssertion(() => Assert.Contains("mud-chip-color-error", cut.Find("[data-testid=node-gw2]").ClassName));
        Assert.Contains("gw2 · STALE · last heard 45s ago", cut.Find("[data-testid=node-gw2]").TextContent);
        Assert.Contains("Node gw2: no heartbeat for 45s", cut.Find("[data-testid=node-alert]").TextContent);
    }

    [Fact]
    public async Task On_a_site_the_dashboard_adds_up_every_nodes_queue_splits_each_operator_per_node_and_names_a_node_behind_on_rules()
    {
        const string two = "mms.mnc002.mcc238.gprs";
        Route(two, "Two", DestinationStatus.Holding);
        _queue.Counts = new QueueCounts(3, 3, 0, 0, 3, _clock.GetUtcNow(), [new DestinationCounts(two, 0, 0, 3, _clock.GetUtcNow())]);
        _stats.Sample();
        using var registry = new RegistryFile();
        await registry.PrepareAsync();
        var gw2Queue = new FakeQueue { Counts = new QueueCounts(5, 6, 0, 1, 5, _clock.GetUtcNow(), [new DestinationCounts(two, 0, 1, 4, null), new DestinationCounts("mms.mnc009.mcc238.gprs", 0, 0, 1, null)]) };
        await new NodeHeartbeat(registry.Factory, new NodeIdentity("gw1"), new QueueIdGenerator(_clock), _clock, NullLogger<NodeHeartbeat>.Instance, _queue).BeatAsync(CancellationToken.None);
        await new NodeHeartbeat(registry.Factory, new NodeIdentity("gw2"), new QueueIdGenerator(_clock), _clock, NullLogger<NodeHeartbeat>.Instance, gw2Queue).BeatAsync(CancellationToken.None);
        // gw1 has rules revision 8 in force, gw2 still 7 (its listener has not caught up): as their heartbeats would say.
        await registry.ChangeAsync(db =>
        {
            foreach (var n in db.Nodes) n.Load = n.Load!.Replace("\"revision\":-1", n.Name == "gw1" ? "\"revision\":8" : "\"revision\":7");
        });
        var nodes = new SiteNodes(new NodeDirectory(registry.Factory, new NodeIdentity("gw1"), _clock), _clock, NullLogger<SiteNodes>.Instance);
        Services.AddSingleton(nodes);
        await nodes.RefreshAsync();

        var cut = Render<Dashboard>();

        Assert.Contains("Site: 8 messages, 9 recipients (gw1 3 · gw2 5)", cut.Find("[data-testid=site-depth]").TextContent);
        Assert.Contains("Two · 8", cut.Find("[data-testid=chip-Two]").TextContent);   // 3 here, 4 + 1 on gw2
        Assert.Equal("gw1 3 · gw2 5", cut.Find("[data-testid=split-Two]").TextContent.Trim());
        Assert.Contains("mud-chip-color-warning", cut.Find("[data-testid=node-gw2]").ClassName);
        Assert.Contains("rules r7 (r8 not yet in force)", cut.Find("[data-testid=node-gw2]").TextContent);
        Assert.Contains("mud-chip-color-success", cut.Find("[data-testid=node-gw1]").ClassName);
    }

    [Fact]
    public void A_single_gateway_shows_no_nodes_section()
    {
        var cut = Render<Dashboard>();
        Assert.Empty(cut.FindAll("[data-testid=nodes]"));
    }

    [Fact]
    public void The_dashboard_follows_the_sampler_without_a_reload()
    {
        Route("mms.mnc002.mcc238.gprs", "Two", DestinationStatus.Holding);
        var cut = Render<Dashboard>();
        Assert.Equal("0", cut.Find("[data-testid=depth-messages]").TextContent);

        _queue.Counts = new QueueCounts(7, 7, 0, 2, 5, _clock.GetUtcNow().AddMinutes(-3),
            [new DestinationCounts("mms.mnc002.mcc238.gprs", 0, 2, 5, _clock.GetUtcNow().AddMinutes(-3), "Deferred: Connection refused by [10.0.0.2]")]);
        _stats.Sample();

        cut.WaitForAssertion(() => Assert.Equal("7", cut.Find("[data-testid=depth-messages]").TextContent));
        Assert.Equal("5", cut.Find("[data-testid=depth-held]").TextContent);
        Assert.Equal("3m 0s", cut.Find("[data-testid=oldest-age]").TextContent);
        Assert.Contains("Two · 7 · DOWN · holding", cut.Find("[data-testid='chip-Two']").TextContent);
        Assert.Contains("Connection refused", cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=alert]"));
    }

    [Fact]
    public void The_dashboard_raises_a_banner_when_an_operator_passes_a_threshold()
    {
        Route("mms.mnc002.mcc238.gprs", "Two");
        _queue.Counts = new QueueCounts(150, 150, 0, 150, 0, _clock.GetUtcNow().AddHours(-2),
            [new DestinationCounts("mms.mnc002.mcc238.gprs", 0, 150, 0, _clock.GetUtcNow().AddHours(-2))]);
        var cut = Render<Dashboard>();

        var alerts = cut.FindAll("[data-testid=alert]").Select(a => a.TextContent.Trim()).ToList();
        Assert.Contains("Two: 150 recipients queued (alert above 100)", alerts);
        Assert.Contains("Two: oldest message queued for 2h 0m (alert above 30m 0s)", alerts);
    }

    [Fact]
    public void An_empty_gateway_says_what_to_do_rather_than_showing_an_empty_table()
    {
        var cut = Render<Dashboard>();
        Assert.Contains("No interconnect partner is routed yet", cut.Find("[data-testid=no-operators]").TextContent);
        Assert.Contains("Collecting samples", cut.Find("[data-testid=chart-waiting]").TextContent);
    }

    [Fact]
    public void The_depth_chart_keeps_the_peak_of_each_slice()
    {
        var start = _clock.GetUtcNow();
        var points = Enumerable.Range(0, 3600).Select(i => new DepthPoint(start.AddSeconds(i), i == 1801 ? 900 : 10, 0, i % 60, 0, 0)).ToList();

        var reduced = DepthSeries.Downsample(points, 60);

        Assert.Equal(60, reduced.Count);
        Assert.Equal(900, reduced[30].Messages);
        Assert.All(reduced, p => Assert.Equal(59, p.Held));
        var cut = Render<DepthChart>(p => p.Add(x => x.Points, points));
        Assert.NotNull(cut.Find("[data-testid=depth-chart]"));
        // Three lines told apart by their own dash, the peak drawn at 900 of a round 1,000 top.
        Assert.Equal(["depth-line series-messages", "depth-line series-deferred", "depth-line series-held"], cut.FindAll("polyline").Select(l => l.ClassName));
        Assert.Contains(",20 ", cut.Find("[data-testid=depth-series-series-messages]").GetAttribute("points"));
        Assert.Contains("1,000", cut.Find(".depth-chart-y").TextContent);
    }

    [Fact]
    public async Task A_confirmation_needs_a_reason_and_returns_it_under_the_signed_in_name()
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var shown = await provider.InvokeAsync(() => dialogs.ShowAsync<ConfirmDialog>("Flush Two", new DialogParameters
        {
            [nameof(ConfirmDialog.Message)] = "Deliver Two's deferred mail now.", [nameof(ConfirmDialog.Action)] = "Flush now",
            [nameof(ConfirmDialog.By)] = "noc-anna",
        }));

        var ok = () => provider.Find("[data-testid=confirm-ok]");
        Assert.True(ok().HasAttribute("disabled"));
        Assert.Empty(provider.FindAll("[data-testid=confirm-by]"));
        provider.Find("input[data-testid=confirm-reason], [data-testid=confirm-reason] input").Input("INC-4711");
        Assert.False(ok().HasAttribute("disabled"));
        ok().Click();

        var result = await shown.Result;
        Assert.Equal(new Confirmation("INC-4711", "noc-anna"), result!.Data);
    }
}
