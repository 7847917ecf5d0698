using System.Net;

namespace MmsGateway.Relay.Smtp;

/// <summary>Sessions open per client address, so that one peer (or one hostile host trickling bytes)
/// cannot hold every session slot while a partner from another address is turned away.</summary>
internal sealed class ClientSlots(int limitPerClient)
{
    private readonly Dictionary<IPAddress, int> _open = new();

    /// <summary>Takes a slot for <paramref name="address"/>; false when it already holds its limit.</summary>
    public bool TryTake(IPAddress address)
    {
        if (limitPerClient <= 0) return true;
        lock (_open)
        {
            _open.TryGetValue(address, out var n);
            if (n >= limitPerClient) return false;
            _open[address] = n + 1;
            return true;
        }
    }

    public void Give(IPAddress address)
    {
        if (limitPerClient <= 0) return;
        lock (_open)
        {
            if (!_open.TryGetValue(address, out var n)) return;
            if (n <= 1) _open.Remove(address); else _open[address] = n - 1;
        }
    }
}
