using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MmsGateway.Registry.Model;
using MmsGateway.Relay.Policy;
using MmsGateway.Testing;

namespace MmsConsole.Web.Tests.Api;

/// <summary>A registry revision that the relay cannot put in force is reported by /readyz and /metrics
/// (without making the node unready: the last good rules still carry mail), and clears once mended.</summary>
public sealed class RulesBehindTests
{
    private const string Bad = "not an address!";

    private static async Task ChangeAsync(GatewayAppFactory app, Action<RegistryDbContext> change)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        change(db);
        (await db.Revisions.SingleAsync()).Revision++;
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Readyz_and_metrics_say_the_rules_are_stale_until_the_registry_is_mended()
    {
        await using var app = new GatewayAppFactory();
        using var http = app.CreateClient();
        using var probe = app.AnonymousClient();

        await ChangeAsync(app, db => db.AccessRules.Add(new AccessRule { Kind = AccessKind.Connect, Key = Bad, Action = AccessAction.Relay }));

        var ready = "";
        await Eventually.True(async () => (ready = await probe.GetStringAsync("/readyz")).Contains("stale: registry revision"),
            TimeSpan.FromSeconds(10), "the poll should find the revision it cannot put in force");
        Assert.Contains("\"status\":\"ready\"", ready);
        Assert.Contains(Bad, ready);
        Assert.Equal(1, PrometheusText.Value(await http.GetStringAsync("/metrics"), "mm4_registry_publish_failing"));

        await ChangeAsync(app, db => db.AccessRules.RemoveRange(db.AccessRules.Where(a => a.Key == Bad)));

        await Eventually.True(async () => (await probe.GetStringAsync("/readyz")).Contains("\"rules\":\"ok: revision"),
            TimeSpan.FromSeconds(10), "the next poll should put the mended registry in force");
        Assert.Equal(0, PrometheusText.Value(await http.GetStringAsync("/metrics"), "mm4_registry_publish_failing"));
    }
}
