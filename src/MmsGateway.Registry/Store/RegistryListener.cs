using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MmsGateway.Registry.Store;

/// <summary>On PostgreSQL, puts a change committed by any gateway in force here within milliseconds: every commit
/// notifies <see cref="Channel"/> (delivered by PostgreSQL at commit), and this listener reloads on it. After a
/// reconnect it reloads in full, since notifications sent meanwhile are lost; the revision poll of
/// <see cref="RegistrySync"/> stays the safety net. Mail never waits for it: the rules in force stay until a reload succeeds.</summary>
public sealed class RegistryListener(string connectionString, RegistryPublisher publisher, TimeProvider clock, ILogger<RegistryListener> log)
    : IHostedService
{
    public const string Channel = "mmsgw_registry";
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private volatile bool _listening;

    /// <summary>Whether the listener is connected and listening (false while PostgreSQL is unreachable).</summary>
    public bool Listening => _listening;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(LoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task LoopAsync()
    {
        var ct = _stopping.Token;
        var backoff = TimeSpan.FromMilliseconds(250);
        var failing = false;
        var connected = false;
        // Keepalive: a listener whose server vanished would otherwise wait on a dead socket for good.
        var settings = new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 5, Pooling = false }.ConnectionString;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(settings);
                await connection.OpenAsync(ct).ConfigureAwait(false);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                _listening = true;
                if (failing) log.LogInformation("Listening for registry changes again");
                failing = false;
                backoff = TimeSpan.FromMilliseconds(250);
                // What was committed while we were not listening: in full after a lost connection; at start (RegistrySync
                // has just loaded everything) only if a commit slipped in before the LISTEN.
                if (connected) await publisher.ReloadAsync(ct).ConfigureAwait(false);
                else await publisher.ReloadIfChangedAsync(ct).ConfigureAwait(false);
                connected = true;
                while (true)
                {
                    await connection.WaitAsync(ct).ConfigureAwait(false);
                    await publisher.ReloadIfChangedAsync(ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or System.IO.IOException
                                          or Microsoft.EntityFrameworkCore.DbUpdateException or ArgumentException or TimeoutException)
            {
                _listening = false;
                if (!failing) log.LogWarning("Not listening for registry changes ({Error}); the poll carries them meanwhile", e.GetBaseException().Message);
                failing = true;
                try { await Task.Delay(backoff, clock, ct).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
        _listening = false;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }
}
