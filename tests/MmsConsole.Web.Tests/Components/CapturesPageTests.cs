using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MmsConsole.Web.Components.Pages.Captures;
using MmsConsole.Web.Components.Shared;
using MmsConsole.Web.Live;
using MmsGateway.Registry.Audit;
using MmsGateway.Registry.Model;
using MmsGateway.Relay.Capture;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Policy;
using MmsGateway.Testing;
using MudBlazor.Services;

namespace MmsConsole.Web.Tests.Components;

/// <summary>The capture list repaints every second for its countdown; its rows must survive the repaint
/// (a rebuilt row is a new Stop button, and a click that the browser sent to the old one is lost).</summary>
public sealed class CapturesPageTests : BunitContext, IAsyncLifetime
{
    private readonly RegistryFile _registry = new();
    private readonly TempDir _dir = new();
    private readonly TrafficCapture _captures;
    private readonly GatewayStats _stats;

    public CapturesPageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddConsoleForTests();
        _captures = new TrafficCapture(_dir.Path, new CaptureOptions(), TimeProvider.System);
        _stats = new GatewayStats(new FakeQueue(), new LiveRules(RulesSource.Empty), Options.Create(new ConsoleOptions()), new ManualClock(), NullLogger<GatewayStats>.Instance);
        Services.AddSingleton<ICaptureControl>(_captures);
        Services.AddSingleton(_stats);
        Services.AddSingleton(new AuditLog(_registry.Factory, TimeProvider.System));
        var auth = AddAuthorization();
        auth.SetAuthorized("noc-anna");
        auth.SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, nameof(ConsoleRole.Operator)));
        Services.AddScoped<ConsoleUser>();
    }

    async Task IAsyncLifetime.InitializeAsync()
    {
        await _registry.PrepareAsync();
        await Services.GetRequiredService<ConsoleUser>().LoadAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        _registry.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void A_Stop_button_found_before_the_second_ticks_still_stops_the_capture()
    {
        var capture = _captures.Start(CaptureKind.Destination, "mms.mnc009.mcc238.gprs", reason: "EHLO trouble");
        Render<MudBlazor.MudPopoverProvider>();
        var cut = Render<CapturesPage>();
        var row = Assert.Single(cut.FindComponents<MudBlazor.MudTr>()).Instance;

        // Two ticks of the sampler repaint the countdown before the click arrives.
        _stats.Sample();
        _stats.Sample();
        cut.WaitForState(() => true);
        // The same row, not a rebuilt one: a browser click in flight on the old row's button would be lost.
        Assert.Same(row, Assert.Single(cut.FindComponents<MudBlazor.MudTr>()).Instance);
        cut.Find($"[data-testid=capture-stop-{capture.Id}]").Click();

        cut.WaitForAssertion(() => Assert.StartsWith("ended", cut.Find($"[data-testid=capture-state-{capture.Id}]").TextContent));
        Assert.False(_captures.List().Single().Active);
    }
}
