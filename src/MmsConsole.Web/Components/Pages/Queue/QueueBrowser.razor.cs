using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MmsConsole.Web.Actions;
using MmsConsole.Web.Components.Shared;
using MmsConsole.Web.Live;
using MmsGateway.Registry.Model;
using MmsGateway.Relay.Control;
using MudBlazor;

namespace MmsConsole.Web.Components.Pages.Queue;

/// <summary>The queue as sendmail's mailq showed it, searchable by its -q terms, with flush, hold,
/// release, bounce and delete on what is selected. Every change goes through <see cref="QueueActions"/>.</summary>
public sealed partial class QueueBrowser
{
    [Inject] private IQueueControl Queue { get; set; } = default!;
    [Inject] private QueueActions Actions { get; set; } = default!;
    [Inject] private GatewayStats Stats { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ConsoleUser User { get; set; } = default!;
    [Inject] private ILogger<QueueBrowser> Log { get; set; } = default!;


    private readonly QueueFilter _filter = new();
    private QueueSelection _selection = QueueSelection.All;
    private QueuePage _page = new(0, 0, []);
    private HashSet<QueuedMessageView> _selected = [];
    private MudTable<QueuedMessageView>? _table;
    private bool _drawer;
    private string? _open;

    // Served from the index: a page of 50 over 200,000 queued costs a walk of the index, not of the spool.
    private async Task<TableData<QueuedMessageView>> LoadAsync(TableState state, CancellationToken ct)
    {
        _page = await Queue.SearchAsync(_selection, state.Page * state.PageSize, state.PageSize, ct);
        // The totals above the table come from the same walk. Repainted later, off this call; a failure
        // there is the circuit's error (the error boundary shows it), not an unobserved task.
        _ = InvokeAsync(async () =>
        {
            try { StateHasChanged(); }
            catch (Exception e) { await DispatchExceptionAsync(e); }
        });
        return new TableData<QueuedMessageView> { Items = _page.Items, TotalItems = _page.TotalMessages };
    }

    private async Task ApplyAsync()
    {
        _selection = _filter.ToSelection();
        _selected = [];
        if (_table is not null) await _table.ReloadServerData();
    }

    private async Task ClearAsync()
    {
        _filter.Clear();
        await ApplyAsync();
    }

    private async Task OnKey(KeyboardEventArgs e)
    {
        if (e.Key == "Enter") await ApplyAsync();
    }

    private void Open(QueuedMessageView m)
    {
        _open = m.QueueId;
        _drawer = true;
    }

    private async Task ActAsync(QueueAction action)
    {
        User.Require(ConsoleRole.Operator);
        var scope = _selected.Count > 0
            ? $"{_selected.Sum(m => m.Recipients.Count(r => r.Matched)):N0} recipients in the {_selected.Count} selected messages"
            : $"all {_page.TotalRecipients:N0} recipients matching {_selection}";
        var destructive = action is QueueAction.Delete or QueueAction.Bounce;
        var what = action switch
        {
            QueueAction.Flush => $"Deliver {scope} now.",
            QueueAction.Hold => $"Park {scope}: never attempted, never expired, until released.",
            QueueAction.Release => $"Release {scope}: due now; a lifetime that ran out while held starts again.",
            QueueAction.Bounce => $"Fail {scope} now, with a delivery status notification to each sender. The reason is sent to them.",
            _ => $"Delete {scope} without delivery and without notice. This cannot be undone.",
        };
        var dialog = await Dialogs.ShowAsync<ConfirmDialog>($"{action}?", new DialogParameters
        {
            [nameof(ConfirmDialog.Message)] = what, [nameof(ConfirmDialog.Action)] = action.ToString(),
            [nameof(ConfirmDialog.Destructive)] = destructive, [nameof(ConfirmDialog.By)] = User.Name,
        });
        if (await dialog.Result is not { Canceled: false, Data: Confirmation c }) return;
        Log.LogInformation("{By}: {Action} {Scope}: {Reason}", User.Name, action, scope, c.Reason);

        var selections = _selected.Count > 0
            ? _selected.Select(m => new QueueSelection([.. _selection.Terms, new SelectionTerm(SelectionField.QueueId, m.QueueId)])).ToList()
            : [_selection];
        try
        {
            if (action == QueueAction.Flush)
            {
                var runs = await Actions.FlushAsync(Actor.Of(User), selections, c.Reason);
                Snackbar.Add($"Flush started: {runs.Sum(r => r.Selected):N0} recipients selected (see Flush runs)", Severity.Success);
            }
            else
            {
                var total = await Actions.ApplyAsync(Actor.Of(User), action, selections, c.Reason);
                Snackbar.Add($"{action}: {total}", Severity.Success);
            }
        }
        catch (Exception e) when (e is IOException or MmsGateway.Relay.Spool.SpoolUnavailableException)
        {
            Snackbar.Add($"{action} failed, nothing was changed on disk: {e.Message}", Severity.Error);
        }
        await ApplyAsync();
    }

    private static string Bytes(long bytes) => bytes >= 1_000_000 ? $"{bytes / 1e6:0.#} MB" : bytes >= 1000 ? $"{bytes / 1e3:0.#} kB" : $"{bytes} B";
}
