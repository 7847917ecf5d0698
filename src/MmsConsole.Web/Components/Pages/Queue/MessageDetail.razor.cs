using Microsoft.AspNetCore.Components;
using MmsConsole.Web.Actions;
using MmsConsole.Web.Components.Shared;
using MmsConsole.Web.Mm4;
using MmsConsole.Web.Site;
using MmsGateway.Registry.Ledger;
using MmsGateway.Registry.Model;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Mail;
using MmsGateway.Relay.Mm4;
using MudBlazor;

namespace MmsConsole.Web.Components.Pages.Queue;

/// <summary>One queued message in the drawer: envelope, recipients with their errors, headers, its MIME
/// parts, and its own flush / hold / release / bounce / delete (issue 13).</summary>
public sealed partial class MessageDetail
{
    [Inject] private IQueueControl Queue { get; set; } = default!;
    [Inject] private QueueActions Actions { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ConsoleUser User { get; set; } = default!;
    [Inject] private LedgerQueries Ledger { get; set; } = default!;
    [Inject] private SiteQueue Site { get; set; } = default!;

    [Parameter, EditorRequired] public string QueueId { get; set; } = "";

    /// <summary>Raised after an action changed the message, so the list behind the drawer can reload.</summary>
    [Parameter] public EventCallback Changed { get; set; }

    /// <summary>The node that holds the message (issue 15): another node's message is read and acted on through its API.</summary>
    [Parameter] public string? Node { get; set; }

    private bool Remote => Node is not null && !string.Equals(Node, Site.Self, StringComparison.OrdinalIgnoreCase);

    private string? _remoteError;   // the holding node did not answer

    private QueuedMessageView? _message;
    private IReadOnlyList<(string Name, string Value)> _headers = [];
    private IReadOnlyList<LedgerEntry>? _mm4;   // null: not an MM4 message

    protected override async Task OnParametersSetAsync()
    {
        _headers = [];
        _remoteError = null;
        if (Remote)
        {
            await LoadRemoteAsync();
            return;
        }
        _message = Queue.Find(QueueId);
        if (_message is null) return;
        await using var stream = Queue.OpenMessage(QueueId);
        if (stream is null) return;
        var headers = await SpooledHeaders.ReadAsync(stream);
        _headers = headers.ToList();
        await LoadMm4Async(headers);
    }

    private async Task LoadRemoteAsync()
    {
        var found = await Site.FindAsync(Node!, QueueId, User.Principal, User.Source, CancellationToken.None);
        _message = found.Value;
        _remoteError = found.Status == 404 ? null : found.Error;
        if (_message is null) return;
        var headers = await Site.HeadersAsync(Node!, QueueId, User.Principal, User.Source, CancellationToken.None);
        _headers = headers.Value?.Select(h => (h.Name, h.Value)).ToList() ?? [];
        _remoteError ??= headers.Error;
    }

    // The chain REQ → RES → delivery report this message takes part in (issue 14), found by its queue id and its MM4 ids.
    private async Task LoadMm4Async(SpooledHeaders headers)
    {
        _mm4 = null;
        if (Mm4Classifier.Classify(headers) is not { } mm4) return;
        try
        {
            var rows = await Ledger.ForMessageAsync(QueueId, mm4.TransactionId, mm4.MessageId);
            _mm4 = rows.Where(r => !r.IsResponse || r.QueueId == QueueId).Select(LedgerEntry.From).ToList();
        }
        catch (Exception e) when (LedgerQueries.IsUnavailable(e))
        {
            Snackbar.Add($"The MM4 ledger cannot be read now: {e.GetBaseException().Message}", Severity.Warning);
            _mm4 = [];
        }
    }

    private async Task ActAsync(QueueAction action)
    {
        User.Require(ConsoleRole.Operator);
        var what = QueueActionText.Describe(action, $"message {QueueId}");
        var dialog = await Dialogs.ShowAsync<ConfirmDialog>($"{action} {QueueId}?", new DialogParameters
        {
            [nameof(ConfirmDialog.Message)] = what, [nameof(ConfirmDialog.Action)] = action.ToString(),
            [nameof(ConfirmDialog.Destructive)] = action is QueueAction.Delete or QueueAction.Bounce, [nameof(ConfirmDialog.By)] = User.Name,
        });
        if (await dialog.Result is not { Canceled: false, Data: Confirmation c }) return;
        QueueSelection[] one = [QueueSelection.Of(new SelectionTerm(SelectionField.QueueId, QueueId))];
        if (Remote)
        {
            await ActRemoteAsync(action, one[0], c.Reason);
            return;
        }
        try
        {
            if (action == QueueAction.Flush)
            {
                var runs = await Actions.FlushAsync(Actor.Of(User), one, c.Reason);
                Snackbar.Add($"Flush of {QueueId} started: {runs.Sum(r => r.Selected)} recipients", Severity.Success);
            }
            else Snackbar.Add($"{action} {QueueId}: {await Actions.ApplyAsync(Actor.Of(User), action, one, c.Reason)}", Severity.Success);
        }
        catch (Exception e) when (e is IOException or MmsGateway.Relay.Spool.SpoolUnavailableException)
        {
            Snackbar.Add($"{action} failed, nothing was changed on disk: {e.Message}", Severity.Error);
        }
        _message = Queue.Find(QueueId);
        await Changed.InvokeAsync();
    }

    // On the node that holds it, as the user at this console; that node's outcome is said as it is.
    private async Task ActRemoteAsync(QueueAction action, QueueSelection one, string? reason)
    {
        var request = MmsConsole.Web.Api.QueueRequest.For(one, reason, Node);
        string outcome;
        bool failed;
        if (action == QueueAction.Flush)
        {
            var run = (await Site.FlushAsync(request, one, Node, Actor.Of(User), User.Principal, CancellationToken.None))[0];
            (outcome, failed) = run.Run is { } r ? ($"flush started on {Node}: {r.Selected} recipients", false) : (run.Error!, true);
        }
        else
        {
            var result = (await Site.ApplyAsync(action, request, one, Node, Actor.Of(User), User.Principal, CancellationToken.None)).Nodes[0];
            (outcome, failed) = ($"{Node}: {result.Summary}", result.Error is not null);
        }
        Snackbar.Add($"{action} {QueueId}: {outcome}", failed ? Severity.Warning : Severity.Success);
        await LoadRemoteAsync();
        await Changed.InvokeAsync();
    }
}
