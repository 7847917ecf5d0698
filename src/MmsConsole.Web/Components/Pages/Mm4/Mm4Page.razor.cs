using Microsoft.AspNetCore.Components;
using MmsConsole.Web.Live;
using MmsConsole.Web.Mm4;
using MmsGateway.Registry.Ledger;
using MmsGateway.Relay.Ledger;
using MmsGateway.Relay.Policy;

namespace MmsConsole.Web.Components.Pages.Mm4;

/// <summary>The MM4 page (issue 14): one row per partner and direction over the last hour or day, read from
/// the ledger's per-minute counters every few seconds while open; each figure opens the ledger's list behind it.</summary>
public sealed partial class Mm4Page : IDisposable
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);

    [Inject] private LedgerQueries Ledger { get; set; } = default!;
    [Inject] private Mm4Watch Watch { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private LedgerWriter Writer { get; set; } = default!;

    private readonly CancellationTokenSource _closed = new();
    private IReadOnlyList<Mm4Summary> _rows = [];
    private IReadOnlyDictionary<(string, TrafficDirection), long> _awaiting = new Dictionary<(string, TrafficDirection), long>();
    private int _hours = 1;
    private DateTimeOffset _since, _read;
    private string? _problem;
    private PeriodicTimer? _timer;

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        _timer = new PeriodicTimer(Refresh, Clock);
        _ = RefreshLoopAsync();
    }

    private async Task RefreshLoopAsync()
    {
        try
        {
            while (await _timer!.WaitForNextTickAsync(_closed.Token))
                await InvokeAsync(async () =>
                {
                    await LoadAsync();
                    StateHasChanged();
                });
        }
        catch (OperationCanceledException) { }
        catch (Exception e) { await DispatchExceptionAsync(e); }
    }

    private async Task WindowAsync(int hours)
    {
        _hours = hours;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var now = Clock.GetUtcNow();
        _since = now.AddHours(-_hours);
        try
        {
            _rows = await Ledger.SummaryAsync(_since, now, _closed.Token);
            _awaiting = await Ledger.AwaitingAsync(_closed.Token);
            _problem = null;
        }
        catch (Exception e) when (e is not OperationCanceledException && LedgerQueries.IsUnavailable(e))
        {
            _problem = $"The ledger cannot be read ({e.GetBaseException().Message}); the figures shown are from {Format.Time(_read)}.";
            return;
        }
        _read = Clock.GetUtcNow();
    }

    private static string Link(string partner, TrafficDirection direction, string state) =>
        $"/mm4/ledger?operator={Uri.EscapeDataString(partner)}&direction={direction}&state={state}";

    private static string DirectionText(TrafficDirection d) => d switch
    {
        TrafficDirection.Outbound => "to partner",
        TrafficDirection.Inbound => "from partner",
        _ => "transit",
    };

    private static string Seconds(double? s) => s switch
    {
        null => "–",
        < 1 => $"{s * 1000:0} ms",
        < 100 => $"{s:0.#} s",
        _ => $"{s / 60:0.#} min",
    };

    public void Dispose()
    {
        _closed.Cancel();
        _timer?.Dispose();
        _closed.Dispose();
    }
}
