using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MmsConsole.Web.Components.Shared;
using MmsConsole.Web.Live;
using MmsGateway.Registry.Model;
using MmsGateway.Registry.Store;
using MmsGateway.Relay.Policy;
using MmsGateway.Testing;
using MudBlazor.Services;

namespace MmsConsole.Web.Tests.Components;

/// <summary>Every page shows, above its content, that saved rule changes are not in force, and why.</summary>
public sealed class RulesBehindBannerTests : BunitContext, IAsyncLifetime
{
    private readonly RegistryFile _registry = new();
    private readonly RegistryPublisher _publisher;
    private readonly GatewayStats _stats;

    public RulesBehindBannerTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddConsoleForTests();
        var rules = new LiveRules(RulesSource.Empty);
        _publisher = new RegistryPublisher(_registry.Factory, rules, TimeProvider.System, NullLogger<RegistryPublisher>.Instance);
        _stats = new GatewayStats(new FakeQueue(), rules, Options.Create(new ConsoleOptions()), new ManualClock(), NullLogger<GatewayStats>.Instance);
        Services.AddSingleton(_publisher);
        Services.AddSingleton(_stats);
    }

    async Task IAsyncLifetime.InitializeAsync()
    {
        await _registry.PrepareAsync();
        await _publisher.ReloadAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        _registry.Dispose();
    }

    [Fact]
    public async Task The_banner_appears_with_the_revisions_and_the_error_and_goes_once_the_relay_matches()
    {
        var cut = Render<RulesBehindBanner>();
        Assert.Empty(cut.FindAll("[data-testid=rules-behind]"));

        await _registry.ChangeAsync(db => db.AccessRules.Add(new AccessRule { Kind = AccessKind.Connect, Key = "<b>bad</b>", Action = AccessAction.Relay }));
        await Assert.ThrowsAsync<ArgumentException>(() => _publisher.ReloadIfChangedAsync());
        _stats.Sample();

        cut.WaitForAssertion(() => Assert.Contains("registry revision 1 could not be applied", cut.Find("[data-testid=rules-behind]").TextContent));
        Assert.Contains("The relay keeps revision 0", cut.Markup);
        Assert.Contains("&lt;b&gt;bad&lt;/b&gt;", cut.Markup);

        await _registry.ChangeAsync(db => db.AccessRules.RemoveRange(db.AccessRules));
        await _publisher.ReloadIfChangedAsync();
        _stats.Sample();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=rules-behind]")));
    }
}
