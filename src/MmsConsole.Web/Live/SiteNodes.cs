using MmsGateway.Registry.Nodes;

namespace MmsConsole.Web.Live;

/// <summary>The gateways of the site as the dashboard shows them: the shared registry's node list, read every
/// <see cref="Interval"/> (one read however many consoles are open). A list that cannot be read keeps the last one
/// and says so in <see cref="Problem"/>. An embedded registry has no list to read: nothing is polled.</summary>
public sealed class SiteNodes(NodeDirectory? directory, TimeProvider clock, ILogger<SiteNodes> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private volatile IReadOnlyList<NodeView> _current = [];
    private volatile string? _problem;

    public IReadOnlyList<NodeView> Current => _current;

    public string? Problem => _problem;

    /// <summary>Raised after each read, on the reader's thread.</summary>
    public event Action? Updated;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (directory is not { IsSite: true }) return;   // one gateway: nothing to read, ever
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try { await RefreshAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException or TimeoutException)
            {
                if (_problem is null) log.LogWarning("The node list cannot be read ({Reason}); the last one stays", e.GetBaseException().Message);
                _problem = e.GetBaseException().Message;
                Updated?.Invoke();
            }
        }
        while (await Tick(timer, stoppingToken));
    }

    /// <summary>Reads the list now (the tick; tests call it to skip the wait).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        if (directory is null) return;
        _current = await directory.ListAsync(cancellationToken);
        _problem = null;
        Updated?.Invoke();
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }
}
