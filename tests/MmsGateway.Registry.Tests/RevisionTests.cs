using MmsGateway.Registry.Database;
using MmsGateway.Registry.Store;

namespace MmsGateway.Registry.Tests;

/// <summary>Changes made by another process on the same registry (the command line, a second gateway)
/// reach this gateway's relay through the revision poll; concurrent writers never share a revision.</summary>
public abstract class RevisionTests(RegistryProvider provider) : IDisposable
{
    private RegistryHarness _h = null!;

    [Fact]
    public async Task A_change_made_elsewhere_is_picked_up_by_the_next_poll()
    {
        _h = await RegistryHarness.StartAsync(provider);
        var other = await _h.OpenAnotherAsync();
        await other.Store.CreateOperatorAsync(new OperatorInput("Operator Two", ["mms.mnc002.mcc238.gprs"], ["[10.0.0.2]"]));

        Assert.Null(_h.Rules.Current.Resolve("mms.mnc002.mcc238.gprs"));
        Assert.True(await _h.Publisher.ReloadIfChangedAsync());
        Assert.NotNull(_h.Rules.Current.Resolve("mms.mnc002.mcc238.gprs"));
        Assert.False(await _h.Publisher.ReloadIfChangedAsync());
    }

    [Fact]
    public async Task Concurrent_writers_each_get_their_own_revision()
    {
        _h = await RegistryHarness.StartAsync(provider);
        var other = await _h.OpenAnotherAsync();
        var writes = Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? _h : other).Store.CreateOperatorAsync(
            new OperatorInput($"Operator {i}", [$"mms.mnc{i + 10:000}.mcc238.gprs"], ["[10.0.0.2]"])));

        var results = await Task.WhenAll(writes);

        Assert.All(results, r => Assert.True(r.Ok));
        await _h.Publisher.ReloadIfChangedAsync();
        Assert.Equal(20, _h.Publisher.Revision);
        Assert.Equal(20, (await _h.Store.OperatorsAsync()).Count);
    }

    public void Dispose() => _h?.Dispose();
}

public sealed class RevisionOnSqlite() : RevisionTests(RegistryProvider.Sqlite);

public sealed class RevisionOnPostgres() : RevisionTests(RegistryProvider.Postgres);
