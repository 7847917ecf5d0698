using Microsoft.EntityFrameworkCore;
using MmsGateway.Registry.Database;
using MmsGateway.Registry.Model;
using MmsGateway.Registry.Store;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Routing;

namespace MmsGateway.Registry.Tests;

/// <summary>A registry revision that cannot be put in force (saved, but inconsistent for the relay)
/// is kept visible with its error and retried until the relay matches again.</summary>
public abstract class PublishFailureTests(RegistryProvider provider) : IDisposable
{
    private RegistryHarness? _h;

    // As another gateway or an older version might have written it: an access key the relay refuses.
    private static async Task BreakAsync(RegistryHarness h)
    {
        await using var db = await h.Factory.CreateDbContextAsync();
        db.AccessRules.Add(new AccessRule { Kind = AccessKind.Connect, Key = "not an address!", Action = AccessAction.Relay });
        (await db.Revisions.SingleAsync()).Revision++;
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task The_failure_is_kept_with_both_revisions_retried_and_cleared_once_the_relay_matches()
    {
        var h = _h = await RegistryHarness.StartAsync(provider);
        var two = (await h.Store.CreateOperatorAsync(new OperatorInput("Two", ["mms.mnc002.mcc238.gprs"], ["[10.0.0.2]"]))).Value!;
        var inForce = h.Publisher.Revision;

        await BreakAsync(h);
        await Assert.ThrowsAsync<ArgumentException>(() => h.Publisher.ReloadIfChangedAsync());
        var first = h.Publisher.Failure!;
        Assert.Equal((inForce + 1, inForce, 1), (first.Revision, first.InForce, first.Attempts));
        Assert.Contains("not an address!", first.Error);

        // A console change meanwhile is saved (not lost, not an error to the user) and still waits.
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        var down = await h.Store.SetStatusAsync(two.Id, new StatusInput(DestinationStatus.Holding, Reason: "INC-1"), "noc-anna");
        Assert.True(down.Ok);
        var second = h.Publisher.Failure!;
        Assert.Equal((inForce + 2, 2, first.Since), (second.Revision, second.Attempts, second.Since));
        Assert.Equal(DestinationStatus.Active, h.Rules.Current.Resolve("mms.mnc002.mcc238.gprs")!.Status);

        // Mended: the next poll puts the latest revision in force and the failure is gone.
        await using (var db = await h.Factory.CreateDbContextAsync())
        {
            db.AccessRules.RemoveRange(db.AccessRules.Where(a => a.Key == "not an address!"));
            (await db.Revisions.SingleAsync()).Revision++;
            await db.SaveChangesAsync();
        }
        Assert.True(await h.Publisher.ReloadIfChangedAsync());
        Assert.Null(h.Publisher.Failure);
        Assert.Equal(DestinationStatus.Holding, h.Rules.Current.Resolve("mms.mnc002.mcc238.gprs")!.Status);
    }

    public void Dispose() => _h?.Dispose();
}

public sealed class PublishFailureOnSqlite() : PublishFailureTests(RegistryProvider.Sqlite);

public sealed class PublishFailureOnPostgres() : PublishFailureTests(RegistryProvider.Postgres);
