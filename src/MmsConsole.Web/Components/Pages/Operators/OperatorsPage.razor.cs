using Microsoft.AspNetCore.Components;
using MmsConsole.Web.Actions;
using MmsConsole.Web.Components.Shared;
using MmsConsole.Web.Live;
using MmsConsole.Web.Site;
using MmsConsole.Web.Api;
using MmsGateway.Relay.Control;
using MmsGateway.Registry.Model;
using MmsGateway.Registry.Store;
using MmsGateway.Relay.Health;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Routing;
using MudBlazor;

namespace MmsConsole.Web.Components.Pages.Operators;

/// <summary>The interconnect partners with their switch (mark down, hold, bring up), inbound agreement,
/// live depth and a flush button. Every change goes through <see cref="OperatorActions"/>.</summary>
public sealed partial class OperatorsPage : IDisposable
{
    [Inject] private RegistryStore Registry { get; set; } = default!;
    [Inject] private OperatorActions Actions { get; set; } = default!;
    [Inject] private GatewayStats Stats { get; set; } = default!;
    [Inject] private LiveRules Rules { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ConsoleUser User { get; set; } = default!;
    [Inject] private ILogger<OperatorsPage> Log { get; set; } = default!;
    [Inject] private SiteQueue Site { get; set; } = default!;
    [Inject] private SitePeers Peers { get; set; } = default!;

    private List<OperatorView>? _operators;
    private Dictionary<int, StatusChangeView> _lastChange = [];
    private string? _error;
    private long _rulesVersion;

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        Stats.Updated += OnUpdated;
    }

    private async Task LoadAsync()
    {
        try
        {
            _rulesVersion = Rules.Current.Version;
            _operators = (await Registry.OperatorsAsync()).ToList();
            // Who switched each operator, why and since when (the newest change per operator).
            _lastChange = (await Registry.StatusHistoryAsync(null, 500)).GroupBy(c => c.OperatorId).ToDictionary(g => g.Key, g => g.First());
            _error = null;
        }
        catch (Exception e) when (e is InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            _error = $"The registry could not be read: {e.Message}";
        }
    }

    // Live depth every second; the registry again only when the rules in force changed (someone saved).
    // A failure here reaches the renderer as the circuit's error, shown by the error boundary, rather than
    // vanishing on a pool thread.
    private void OnUpdated(GatewaySnapshot s) => InvokeAsync(async () =>
    {
        try
        {
            if (Rules.Current.Version != _rulesVersion) await LoadAsync();
            StateHasChanged();
        }
        catch (Exception e)
        {
            await DispatchExceptionAsync(e);
        }
    });

    private static Color HealthColour(HealthState h) => h switch
    {
        HealthState.Delivering => Color.Success,
        HealthState.Degraded => Color.Warning,
        HealthState.Unreachable => Color.Error,
        _ => Color.Default,
    };

    private OperatorState? Live(OperatorView o) => Stats.Current.Operators.FirstOrDefault(x => x.Name == o.Name);

    private async Task<T?> AskAsync<TDialog, T>(string title, DialogParameters parameters) where TDialog : ComponentBase where T : class
    {
        var dialog = await Dialogs.ShowAsync<TDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: T data } ? data : null;
    }

    private Task<Confirmation?> ConfirmAsync(string title, string message, string action, bool destructive = false) =>
        AskAsync<ConfirmDialog, Confirmation>(title, new DialogParameters
        {
            [nameof(ConfirmDialog.Message)] = message, [nameof(ConfirmDialog.Action)] = action,
            [nameof(ConfirmDialog.Destructive)] = destructive, [nameof(ConfirmDialog.By)] = User.Name,
        });

    private async Task MarkDownAsync(OperatorView o)
    {
        User.Require(ConsoleRole.Operator);
        var d = await AskAsync<StatusDialog, StatusDecision>($"Mark {o.Name} down", new DialogParameters { [nameof(StatusDialog.By)] = User.Name });
        if (d is null) return;
        DateTimeOffset? until = d.For is { } f ? DateTimeOffset.UtcNow + f : null;
        var result = await Actions.SetStatusAsync(Actor.Of(User), o.Id, new StatusInput(d.Status, d.Text, d.Confirmation.Reason, until));
        await ReportAsync(result, $"{o.Name} is {StatusChip.Label(d.Status)}");
    }

    private async Task BringUpAsync(OperatorView o)
    {
        User.Require(ConsoleRole.Operator);
        var c = await ConfirmAsync($"Bring {o.Name} up", $"{o.Name} takes traffic again; its held mail is released and flushed.", "Bring up");
        if (c is null) return;
        var result = await Actions.SetStatusAsync(Actor.Of(User), o.Id, new StatusInput(DestinationStatus.Active, Reason: c.Reason));
        await ReportAsync(result, $"{o.Name} is UP");
    }

    private async Task SetInboundAsync(OperatorView o, bool allowed)
    {
        User.Require(ConsoleRole.Admin);
        var c = await ConfirmAsync(allowed ? $"Allow inbound from {o.Name}" : $"Deny inbound from {o.Name}",
            allowed ? $"{o.Name}'s gateways may send to us (interconnect agreement)." : $"Mail from {o.Name}'s domains will be refused at RCPT (550 5.7.1).",
            allowed ? "Allow" : "Deny", destructive: !allowed);
        if (c is null) return;
        Log.LogInformation("{By} sets inbound from {Operator} to {Allowed}: {Reason}", User.Name, o.Name, allowed, c.Reason);
        var result = await Actions.SetInboundAsync(Actor.Of(User), o, allowed, c.Reason);
        await ReportAsync(result, allowed ? $"Inbound from {o.Name} allowed" : $"Inbound from {o.Name} denied");
    }

    private async Task FlushAsync(OperatorView o)
    {
        User.Require(ConsoleRole.Operator);
        var c = await ConfirmAsync($"Flush {o.Name}", $"Deliver {o.Name}'s deferred mail now ({string.Join(", ", o.Domains)}).", "Flush now");
        if (c is null) return;
        Log.LogInformation("{By} flushes {Operator}: {Reason}", User.Name, o.Name, c.Reason);
        var held = Live(o)?.Held ?? 0;
        var parked = held > 0 ? $"; {held} held stay parked until {o.Name} is brought up" : "";
        if (Peers.IsSite)
        {
            // Every node flushes its own spool: one run per domain on each, each node's outcome said (Flush runs shows them).
            var perNode = new Dictionary<string, (int Selected, string? Error)>();
            foreach (var d in o.Domains)
            {
                var term = new SelectionTerm(SelectionField.Destination, d);
                foreach (var r in await Site.FlushAsync(QueueRequest.For(QueueSelection.Of(term), c.Reason), QueueSelection.Of(term), null, Actor.Of(User), User.Principal, CancellationToken.None))
                {
                    var (selected, error) = perNode.GetValueOrDefault(r.Node);
                    perNode[r.Node] = (selected + (r.Run?.Selected ?? 0), error ?? r.Error);
                }
            }
            Snackbar.Add($"Flush started for {o.Name}: " + string.Join("; ", perNode.Select(p => $"{p.Key}: " + (p.Value.Error ?? $"{p.Value.Selected} recipients selected"))) + parked,
                perNode.Values.Any(v => v.Error is not null) ? Severity.Warning : Severity.Success);
            return;
        }
        var runs = await Actions.FlushAsync(Actor.Of(User), o, c.Reason);
        Snackbar.Add($"Flush started for {o.Name}: {runs.Sum(r => r.Selected)} recipients selected" + parked, Severity.Success);
    }

    private async Task AddAsync()
    {
        User.Require(ConsoleRole.Admin);
        if (await AskAsync<OperatorDialog, OperatorView>("Add operator", []) is { } saved)
        {
            Snackbar.Add($"{saved.Name} added", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task EditAsync(OperatorView o)
    {
        User.Require(ConsoleRole.Admin);
        if (await AskAsync<OperatorDialog, OperatorView>($"Edit {o.Name}", new DialogParameters { [nameof(OperatorDialog.Existing)] = o }) is { } saved)
        {
            Snackbar.Add($"{saved.Name} saved", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task ReportAsync(RegistryResult<OperatorView> result, string done)
    {
        if (result.Ok) Snackbar.Add(done, Severity.Success);
        else if (result.NotFound) Snackbar.Add("This operator was deleted meanwhile.", Severity.Error);
        else Snackbar.Add(string.Join("; ", result.Errors!.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}"))), Severity.Error);
        await LoadAsync();
    }

    public void Dispose() => Stats.Updated -= OnUpdated;
}
