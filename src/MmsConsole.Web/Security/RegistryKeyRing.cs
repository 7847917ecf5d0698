using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using MmsGateway.Registry.Model;

namespace MmsConsole.Web.Security;

/// <summary>The console's Data Protection keys in the registry, so that a cookie or antiforgery token made by
/// one gateway of a site is read by the others (issue 15). On the embedded registry the keys live in its
/// file, beside the accounts they protect, and survive a container that is rebuilt.</summary>
/// <remarks>
/// The key manager calls <see cref="IXmlRepository"/> synchronously, from whatever thread it is on. Socket
/// completions run inline on the epoll thread (Program.cs), so a synchronous database read there waits for
/// the very thread it blocks: the start-up hung for the command timeout. So the ring is served from memory:
/// read before the key manager first asks, written and re-read in the background. A key another node made is
/// here within <see cref="Poll"/>; until then the key manager, meeting an unknown key, asks again per request.
/// A registry that is down keeps the ring in force, and a key made meanwhile is written when it returns.
/// </remarks>
public sealed class RegistryKeyRing(IDbContextFactory<RegistryDbContext> factory, ILogger<RegistryKeyRing> log)
    : IXmlRepository, IHostedService, IAsyncDisposable
{
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);
    private readonly Lock _gate = new();
    private readonly List<(int Id, XElement Xml)> _keys = [];   // Id 0: made here, not yet written; one entry per key id
    private readonly SemaphoreSlim _wake = new(0);
    private readonly SemaphoreSlim _syncing = new(1, 1);
    private int _lastRow;   // the last ProtectionKeys row read
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private bool _failing;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_gate) return _keys.Select(k => new XElement(k.Xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (_gate) _keys.Add((0, new XElement(element)));
        _wake.Release();
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the key manager's own start-up reads the ring; the registry is migrated by then.
        await SyncAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        _loop = Task.Run(LoopAsync, CancellationToken.None);
    }

    private async Task LoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(Poll, _stopping.Token).ConfigureAwait(false);
                await SyncAsync(_stopping.Token).ConfigureAwait(false);
                if (_failing) log.LogInformation("The console's key ring is read from the registry again");
                _failing = false;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested) { return; }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or DbUpdateException or TimeoutException)
            {
                if (!_failing) log.LogWarning("The console's key ring cannot be synchronised with the registry ({Error}); the ring in memory stays in force", e.GetBaseException().Message);
                _failing = true;
            }
        }
    }

    /// <summary>Reads the registry's keys now rather than at the next poll: a ticket from a node that started beside
    /// this one may be sealed with a key it made moments ago. False when the registry cannot be read.</summary>
    public async Task<bool> TryRefreshAsync(CancellationToken ct)
    {
        try
        {
            await SyncAsync(ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or DbUpdateException or TimeoutException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Writes the keys made here, then takes the ones other nodes wrote. One at a time (the loop, the start and
    /// the stop may meet); a key is known by its id attribute, so a row written twice (a write whose answer was lost)
    /// is one key.</summary>
    private async Task SyncAsync(CancellationToken ct)
    {
        await _syncing.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            List<XElement> unwritten;
            lock (_gate) unwritten = _keys.Where(k => k.Id == 0).Select(k => k.Xml).ToList();
            await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
            foreach (var xml in unwritten)
            {
                var row = new ProtectionKey { FriendlyName = KeyId(xml), Xml = xml.ToString(SaveOptions.DisableFormatting) };
                db.ProtectionKeys.Add(row);
                await db.SaveChangesAsync(ct).ConfigureAwait(false);
                lock (_gate)
                {
                    var at = _keys.FindIndex(k => k.Id == 0 && ReferenceEquals(k.Xml, xml));
                    if (at >= 0) _keys[at] = (row.Id, xml);
                }
            }
            // Every row after the last one read, this node's own among them (known already by its key id).
            var fresh = await db.ProtectionKeys.AsNoTracking().Where(k => k.Id > _lastRow).OrderBy(k => k.Id).ToListAsync(ct).ConfigureAwait(false);
            lock (_gate)
            {
                var ids = _keys.Select(k => KeyId(k.Xml)).ToHashSet(StringComparer.OrdinalIgnoreCase);
                foreach (var k in fresh)
                    if (XElement.Parse(k.Xml) is var xml && ids.Add(KeyId(xml))) _keys.Add((k.Id, xml));
            }
            if (fresh.Count > 0) _lastRow = fresh[^1].Id;
        }
        finally { _syncing.Release(); }
    }

    private static string KeyId(XElement key) => (string?)key.Attribute("id") ?? key.ToString(SaveOptions.DisableFormatting);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        // A key made in the last moments is written on the way out, if the registry answers.
        try { await SyncAsync(cancellationToken).ConfigureAwait(false); }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or DbUpdateException or OperationCanceledException) { }
    }

    // A host disposed without a stop (some test hosts) must not leave the loop polling. Disposed more than
    // once by some hosts: only cancelled, never disposed (neither holds a kernel handle).
    public async ValueTask DisposeAsync() => await _stopping.CancelAsync().ConfigureAwait(false);
}
