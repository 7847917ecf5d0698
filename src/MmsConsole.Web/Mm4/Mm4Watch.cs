using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using MmsConsole.Web.Live;
using MmsGateway.Registry.Ledger;

namespace MmsConsole.Web.Mm4;

/// <summary>Reads the MM4 ledger's per-minute counters over the alert window every few seconds and keeps each
/// partner's <see cref="Mm4Verdict"/> for the dashboard's chips and banner (one read however many pages are
/// open). On a shared ledger every node reads the same counters, so every console says the same. A ledger
/// that cannot be read keeps the last verdicts and says so in <see cref="Problem"/>.</summary>
public sealed class Mm4Watch(LedgerQueries ledger, IOptions<ConsoleOptions> options, TimeProvider clock, ILogger<Mm4Watch> log) : BackgroundService
{
    private volatile FrozenDictionary<string, Mm4Verdict> _verdicts = FrozenDictionary<string, Mm4Verdict>.Empty;
    private volatile string? _problem;

    /// <summary>The partner's verdict, or null when the ledger has nothing of it in the window.</summary>
    public Mm4Verdict? Get(string partner) => _verdicts.GetValueOrDefault(partner);

    public IReadOnlyCollection<Mm4Verdict> All => _verdicts.Values;

    public string? Problem => _problem;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Mm4Interval, clock);
        do
        {
            try { await RefreshAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) when (LedgerQueries.IsUnavailable(e))
            {
                if (_problem is null) log.LogWarning("The MM4 verdicts cannot be read from the ledger ({Reason}); the last ones stay", e.GetBaseException().Message);
                _problem = e.GetBaseException().Message;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Our bug, not the database's: said loudly, and the console goes on without verdicts rather than stopping the gateway.
                log.LogError(e, "Judging the MM4 verdicts failed");
                _problem = "judging the MM4 verdicts failed: " + e.Message;
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>Reads the window now (the watcher's tick; tests call it to skip the wait).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var summaries = await ledger.SummaryAsync(now - o.Mm4Window, now, cancellationToken);
        _verdicts = summaries.Select(s => s.Partner).Distinct()
            .Select(p => Mm4Judge.Judge(p, summaries, o, o.Mm4Window))
            .ToFrozenDictionary(v => v.Partner);
        _problem = null;
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }
}
