using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MmsConsole.Web.Components.Pages.Dashboard;
using MmsConsole.Web.Components.Pages.Deliveries;
using MmsConsole.Web.Components.Pages.Operators;
using MmsConsole.Web.Components.Pages.Registry;
using MmsConsole.Web.Components.Shared;
using MmsConsole.Web.Live;
using MmsGateway.Registry.Audit;
using MmsGateway.Registry.Model;
using MmsGateway.Registry.Store;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Delivery;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Routing;
using MmsGateway.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace MmsConsole.Web.Tests.Components;

/// <summary>Text that comes from outside (a partner's reply, a status text or reason someone typed, an
/// access entry imported from a sendmail map) is shown as text in the live console, never as markup.</summary>
public sealed class EscapingTests : BunitContext, IAsyncLifetime
{
    private const string Hostile = "<script>alert(1)</script><img src=x onerror=alert(2)><b data-testid=injected>bold</b>";
    private readonly RegistryFile _file = new();
    private readonly FakeQueue _queue = new();
    private readonly LiveRules _rules = new(RulesSource.Empty);
    private readonly RegistryStore _registry;
    private readonly GatewayStats _stats;

    public EscapingTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddConsoleForTests();
        _registry = new RegistryStore(_file.Factory, new RegistryPublisher(_file.Factory, _rules, TimeProvider.System, NullLogger<RegistryPublisher>.Instance), TimeProvider.System);
        _stats = new GatewayStats(_queue, _rules, Options.Create(new ConsoleOptions()), new ManualClock(), NullLogger<GatewayStats>.Instance);
        Services.AddSingleton(_registry);
        Services.AddSingleton(_stats);
        Services.AddSingleton(_rules);
        Services.AddSingleton<IQueueControl>(_queue);
        Services.AddSingleton(new AuditLog(_file.Factory, TimeProvider.System));
        Services.AddSingleton<TimeProvider>(TimeProvider.System);
        var auth = AddAuthorization();
        auth.SetAuthorized("noc-anna");
        auth.SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, nameof(ConsoleRole.Admin)));
        Services.AddScoped<ConsoleUser>();
    }

    async Task IAsyncLifetime.InitializeAsync()
    {
        await _file.PrepareAsync();
        await Services.GetRequiredService<ConsoleUser>().LoadAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        _file.Dispose();
    }

    private static void AssertShownAsText(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut)
    {
        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("img[onerror]"));
        Assert.Empty(cut.FindAll("[data-testid=injected]"));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", cut.Markup);
    }

    [Fact]
    public void A_partners_reply_text_on_the_dashboard_is_text()
    {
        _rules.Apply(_rules.Overlay with { Routes = [new Route("mms.mnc002.mcc238.gprs", [NextHop.TryParse("[10.0.0.2]", out var h, out _) ? h : null!]) { Operator = "Two" }] });
        _queue.Counts = new QueueCounts(1, 1, 0, 1, 0, DateTimeOffset.UtcNow, [new DestinationCounts("mms.mnc002.mcc238.gprs", 0, 1, 0, DateTimeOffset.UtcNow, $"Deferred: [10.0.0.2] said: 451 {Hostile}")]);
        _stats.Sample();

        var cut = Render<Dashboard>();

        cut.WaitForAssertion(() => Assert.Contains("alert(1)", cut.Markup));
        AssertShownAsText(cut);
    }

    [Fact]
    public async Task A_partners_reply_text_in_the_delivery_log_is_text()
    {
        await _stats.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.True(() => ((DeliveryFeed)_queue.Deliveries).HasSubscribers, TimeSpan.FromSeconds(5), "the sampler subscribes");
            var cut = Render<DeliveryLogPage>();
            ((DeliveryFeed)_queue.Deliveries).Publish(new DeliveryAttempt(DateTimeOffset.UtcNow, "005AAAAAAA000", "+4512345678/TYPE=PLMN@mms.mnc002.mcc238.gprs",
                "mms.mnc002.mcc238.gprs", "[10.0.0.2]", "5.0.0", $"Bounced: [10.0.0.2] said: 550 {Hostile}", TimeSpan.Zero, OutcomeKind.Bounced, 1));
            await Eventually.True(() => _stats.RecentDeliveries().Count == 1, TimeSpan.FromSeconds(5), "the sampler has the attempt");
            _stats.Sample();

            cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=log-line]")));
            AssertShownAsText(cut);
        }
        finally { await _stats.StopAsync(CancellationToken.None); }
    }

    [Fact]
    public async Task An_operators_name_status_text_and_last_error_on_the_operators_page_are_text()
    {
        var created = await _registry.CreateOperatorAsync(new OperatorInput($"Two {Hostile}", ["mms.mnc002.mcc238.gprs"], ["[10.0.0.2]"], Notes: Hostile));
        await _registry.SetStatusAsync(created.Value!.Id, new StatusInput(DestinationStatus.Holding, Text: $"down {Hostile}", Reason: $"INC {Hostile}"), "noc-anna");
        _queue.Counts = new QueueCounts(1, 1, 0, 1, 0, DateTimeOffset.UtcNow, [new DestinationCounts("mms.mnc002.mcc238.gprs", 0, 1, 0, DateTimeOffset.UtcNow, $"Deferred: {Hostile}")]);
        _stats.Sample();
        Render<MudPopoverProvider>();

        var cut = Render<OperatorsPage>();

        cut.WaitForAssertion(() => Assert.Contains("Two &lt;script&gt;", cut.Markup));
        Assert.Contains("Deferred: &lt;script&gt;", cut.Markup);
        AssertShownAsText(cut);
    }

    [Fact]
    public async Task Access_entries_and_status_history_on_the_registry_page_are_text()
    {
        await _registry.CreateAccessAsync(new AccessInput(AccessKind.To, "mms.mnc009.mcc238.gprs", AccessAction.Reject, Text: $"550 5.7.1 {Hostile}", Notes: Hostile));
        var created = await _registry.CreateOperatorAsync(new OperatorInput("Three", ["mms.mnc003.mcc238.gprs"], ["[10.0.0.3]"]));
        await _registry.SetStatusAsync(created.Value!.Id, new StatusInput(DestinationStatus.RejectingTemporarily, Text: Hostile, Reason: Hostile), "noc-anna");
        Render<MudPopoverProvider>();

        var access = Render<AccessEntries>();
        var history = Render<StatusHistory>();

        access.WaitForAssertion(() => Assert.Contains("alert(1)", access.Markup));
        history.WaitForAssertion(() => Assert.Contains("alert(1)", history.Markup));
        AssertShownAsText(access);
        AssertShownAsText(history);
    }
}
