using System.Xml.Linq;
using Microsoft.Extensions.Logging.Abstractions;
using MmsConsole.Web.Security;
using MmsConsole.Web.Tests.Components;
using MmsGateway.Testing;

namespace MmsConsole.Web.Tests.Security;

/// <summary>The console's key ring in the registry (issue 15): a key one node makes reaches the others within a poll,
/// survives a restart, and is one key however often the ring is synchronised or stopped.</summary>
public sealed class RegistryKeyRingTests
{
    private static XElement Key(string id) => new("key", new XAttribute("id", id), new XAttribute("version", 1), new XElement("descriptor", "secret " + id));

    private static IReadOnlyList<string?> Ids(RegistryKeyRing ring) => [.. ring.GetAllElements().Select(k => (string?)k.Attribute("id")).Order()];

    [Fact]
    public async Task A_key_made_on_one_node_reaches_another_within_a_poll_and_survives_a_restart_once()
    {
        using var registry = new RegistryFile();
        await registry.PrepareAsync();
        var gw1 = new RegistryKeyRing(registry.Factory, NullLogger<RegistryKeyRing>.Instance);
        var gw2 = new RegistryKeyRing(registry.Factory, NullLogger<RegistryKeyRing>.Instance);
        await gw1.StartAsync(CancellationToken.None);
        await gw2.StartAsync(CancellationToken.None);
        Assert.Empty(gw2.GetAllElements());

        gw1.StoreElement(Key("k1"), "key-k1");
        Assert.Equal(["k1"], Ids(gw1));   // in force here at once, before it is written
        await Eventually.True(() => Ids(gw2).SequenceEqual(["k1"]), RegistryKeyRing.Poll * 3, "gw2 reads gw1's key");

        // Stopped twice at once (some hosts do): no key written twice, no failure.
        gw2.StoreElement(Key("k2"), "key-k2");
        await Task.WhenAll(gw2.StopAsync(CancellationToken.None), gw2.StopAsync(CancellationToken.None));
        await gw1.StopAsync(CancellationToken.None);

        var again = new RegistryKeyRing(registry.Factory, NullLogger<RegistryKeyRing>.Instance);
        await again.StartAsync(CancellationToken.None);
        Assert.Equal(["k1", "k2"], Ids(again));
        await again.StopAsync(CancellationToken.None);
    }
}
