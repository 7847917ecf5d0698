using Microsoft.Extensions.Logging.Abstractions;
using MmsGateway.Registry.Database;
using MmsGateway.Registry.Nodes;
using MmsGateway.Relay.Hosting;
using MmsGateway.Relay.Queue;

namespace MmsGateway.Registry.Tests.Nodes;

/// <summary>The node list of a shared registry: each gateway's heartbeat keeps its own row; one that stops beating is stale.</summary>
public abstract class NodeDirectoryTests(RegistryProvider provider) : IDisposable
{
    private RegistryHarness _h = null!;

    [Fact]
    public async Task Each_node_keeps_its_own_row_and_one_that_stops_beating_turns_stale()
    {
        _h = await RegistryHarness.StartAsync(provider);
        var gw1 = new NodeHeartbeat(_h.Factory, new NodeIdentity("mm4gw1"), new QueueIdGenerator(_h.Clock), _h.Clock, NullLogger<NodeHeartbeat>.Instance) { Api = "http://mm4gw1:8080" };
        var gw2 = new NodeHeartbeat(_h.Factory, new NodeIdentity("mm4gw2"), new QueueIdGenerator(_h.Clock), _h.Clock, NullLogger<NodeHeartbeat>.Instance) { Api = "http://mm4gw2:8080" };
        await gw1.BeatAsync(CancellationToken.None);
        await gw2.BeatAsync(CancellationToken.None);
        var directory = new NodeDirectory(_h.Factory, new NodeIdentity("mm4gw1"), _h.Clock);

        var nodes = await directory.ListAsync();
        Assert.Equal([("mm4gw1", "http://mm4gw1:8080", false, true), ("mm4gw2", "http://mm4gw2:8080", false, false)],
            nodes.Select(n => (n.Name, n.Api, n.Stale, n.Self)));
        Assert.All(nodes, n => Assert.Equal(NodeHeartbeat.Version, n.Version));

        // gw2 dies; gw1 beats on.
        _h.Clock.Advance(NodeDirectory.StaleAfter - TimeSpan.FromSeconds(1));
        await gw1.BeatAsync(CancellationToken.None);
        Assert.All(await directory.ListAsync(), n => Assert.False(n.Stale));
        _h.Clock.Advance(TimeSpan.FromSeconds(2));
        await gw1.BeatAsync(CancellationToken.None);
        Assert.Equal([("mm4gw1", false), ("mm4gw2", true)], (await directory.ListAsync()).Select(n => (n.Name, n.Stale)));

        // Back: the same row, fresh again.
        await gw2.BeatAsync(CancellationToken.None);
        Assert.Equal([("mm4gw1", false), ("mm4gw2", false)], (await directory.ListAsync()).Select(n => (n.Name, n.Stale)));
    }

    [Fact]
    public async Task Nodes_starting_together_claim_different_numbers_for_their_queue_ids_and_keep_them_across_restarts()
    {
        _h = await RegistryHarness.StartAsync(provider);
        NodeHeartbeat Node(string name) => new(_h.Factory, new NodeIdentity(name), new QueueIdGenerator(_h.Clock), _h.Clock, NullLogger<NodeHeartbeat>.Instance);
        var names = Enumerable.Range(1, 8).Select(i => $"mm4gw{i}").ToList();

        var numbers = await Task.WhenAll(names.Select(n => Task.Run(() => Node(n).ClaimNumberAsync(CancellationToken.None))));

        Assert.Equal(Enumerable.Range(0, 8), numbers.Order());
        Assert.Equal(numbers[2], await Node("mm4gw3").ClaimNumberAsync(CancellationToken.None));   // a restart keeps its number
        var listed = await new NodeDirectory(_h.Factory, new NodeIdentity("mm4gw1"), _h.Clock).ListAsync();
        Assert.Equal(names.Zip(numbers, (n, i) => (n, (int?)i)).OrderBy(p => p.n, StringComparer.Ordinal), listed.Select(n => (n.Name, n.Number)));
    }

    public void Dispose() => _h?.Dispose();
}

public sealed class NodeDirectoryOnSqlite() : NodeDirectoryTests(RegistryProvider.Sqlite);

public sealed class NodeDirectoryOnPostgres() : NodeDirectoryTests(RegistryProvider.Postgres);
