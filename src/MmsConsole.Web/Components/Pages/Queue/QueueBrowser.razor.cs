using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MmsConsole.Web.Actions;
using MmsConsole.Web.Components.Shared;
using MmsConsole.Web.Live;
using MmsConsole.Web.Site;
using MmsConsole.Web.Api;
using MmsGateway.Registry.Model;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Queue;
using MudBlazor;

namespace MmsConsole.Web.Components.Pages.Queue;

/// <summary>The queue as sendmail's mailq showed it, searchable by its -q terms, with flush, hold,
/// release, bounce and delete on what is selected. Every change goes through <see cref="QueueActions"/>.</summary>
public sealed partial class QueueBrowser : IDisposable
{
    [Inject] private IQueueControl Queue { get; set; } = default!;
    [Inject] private QueueActions Actions { get; set; } = default!;
    [Inject] private GatewayStats Stats { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ConsoleUser User { get; set; } = default!;
    [Inject] private ILogger<QueueBrowser> Log { get; set; } = default!;
    [Inject] private LiveRules Rules { get; set; } = default!;
    [Inject] private SiteQueue Site { get; set; } = default!;
    [Inject] private SitePeers Peers { get; set; } = default!;

    /// <summary>?id=QUEUEID: the page opens filtered to that message with its drawer open (the MM4 ledger's links).</summary>
    [SupplyParameterFromQuery(Name = "id")] public string? OpenId { get; set; }

    private readonly QueueFilter _filter = new();
    private QueueSelection _selection = QueueSelection.All;
    private QueuePage _page = new(0, 0, []);
    private HashSet<QueuedMessageView> _selected = [];
    private MudTable<QueuedMessageView>? _table;
    private bool _drawer;
    private string? _open, _openNode;

    // Live (issue 13): the rows on the page are looked up again each second by queue id (O(1) each), so
    // states, attempts and errors change in place and a delivered message shows it left; messages that
    // arrive are counted against the filter and announced, never inserted under the reader's eyes.
    private const int MaxNewLookups = 200;
    private readonly Dictionary<string, QueuedMessageView?> _live = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _arrived = new();
    private IDisposable? _changes;
    private int _newMatching;
    private bool _newCapped, _changed, _totalsRunning;
    private DateTimeOffset _totalsAt;

    // A site (issue 15): every node's messages, each with the node that holds it; live lookups are for this node's rows.
    private bool _isSite;
    private Dictionary<string, string> _nodeOf = new(StringComparer.Ordinal);
    private IReadOnlyList<NodePart> _nodes = [];

    protected override void OnInitialized()
    {
        _isSite = Peers.IsSite;
        if (!string.IsNullOrWhiteSpace(OpenId))
        {
            _filter.QueueId = OpenId.Trim();
            _selection = _filter.ToSelection();
            _open = _filter.QueueId;
            _drawer = true;
        }
        _changes = Queue.Changes.Subscribe(new FeedObserver<QueueChange>(c =>
        {
            if (c.Kind == QueueChangeKind.Queued && c.QueueId is { } id) _arrived.Enqueue(id);
            else _changed = true;
        }));
        Stats.Updated += OnTick;
    }

    private void OnTick(GatewaySnapshot s) => InvokeAsync(async () =>
    {
        try
        {
            foreach (var m in _page.Items.Where(IsHere)) _live[m.QueueId] = Queue.Find(m.QueueId);
            CountArrivals();
            await RefreshTotalsAsync(s.At);
            StateHasChanged();
        }
        catch (Exception e)
        {
            await DispatchExceptionAsync(e);
        }
    });

    private void CountArrivals()
    {
        var looked = 0;
        while (_arrived.TryDequeue(out var id))
        {
            _changed = true;
            if (_selection.Terms.Count == 0) { _newMatching++; continue; }
            if (looked++ >= MaxNewLookups) { _newCapped = true; continue; }   // a burst: say "200+" rather than look each one up
            if (Queue.Find(id) is { } m && _selection.Matches(m)) _newMatching++;
        }
    }

    // The totals of the whole filter: the index's counts when there is no filter; otherwise one search for
    // them at most every 10 s, and only when the queue changed.
    private async Task RefreshTotalsAsync(DateTimeOffset now)
    {
        if (_isSite)
        {
            // Other nodes' arrivals are not seen here: the site's totals are asked for every 10 s.
            if (_totalsRunning || now - _totalsAt < TimeSpan.FromSeconds(10)) return;
            (_totalsRunning, _totalsAt) = (true, now);
            try
            {
                var site = await Site.SearchAsync(_selection, null, 0, 1, User.Principal, User.Source, CancellationToken.None);
                (_page, _nodes) = (_page with { TotalMessages = site.TotalMessages, TotalRecipients = site.TotalRecipients }, site.Nodes);
            }
            finally { _totalsRunning = false; }
            return;
        }
        if (_selection.Terms.Count == 0)
        {
            var counts = Queue.GetCounts();
            _page = _page with { TotalMessages = counts.Messages, TotalRecipients = counts.Recipients };
            return;
        }
        if (!_changed || _totalsRunning || now - _totalsAt < TimeSpan.FromSeconds(10)) return;
        _changed = false;
        _totalsRunning = true;
        _totalsAt = now;
        try
        {
            var totals = await Queue.SearchAsync(_selection, 0, 0);
            _page = _page with { TotalMessages = totals.TotalMessages, TotalRecipients = totals.TotalRecipients };
        }
        finally { _totalsRunning = false; }
    }

    private string NewText => _newCapped ? $"{_newMatching:N0}+ new messages" : _newMatching == 1 ? "1 new message" : $"{_newMatching:N0} new messages";

    private QueuedMessageView Current(QueuedMessageView m) => _live.TryGetValue(m.QueueId, out var now) && now is not null ? now : m;

    private bool Gone(QueuedMessageView m) => _live.TryGetValue(m.QueueId, out var now) && now is null;

    private string NodeOf(QueuedMessageView m) => _nodeOf.TryGetValue(m.QueueId, out var node) ? node : Peers.Self;

    private bool IsHere(QueuedMessageView m) => NodeOf(m) == Peers.Self;

    private string OperatorOf(string domain) => Rules.Current.Resolve(domain)?.Operator ?? domain;

    public void Dispose()
    {
        Stats.Updated -= OnTick;
        _changes?.Dispose();
    }

    // Served from the index: a page of 50 over 200,000 queued costs a walk of the index, not of the spool.
    private async Task<TableData<QueuedMessageView>> LoadAsync(TableState state, CancellationToken ct)
    {
        if (_isSite)
        {
            var site = await Site.SearchAsync(_selection, null, state.Page * state.PageSize, state.PageSize, User.Principal, User.Source, ct);
            _page = new QueuePage(site.TotalMessages, site.TotalRecipients, [.. site.Items.Select(r => r.View)]);
            _nodeOf = site.Items.ToDictionary(r => r.QueueId, r => r.Node, StringComparer.Ordinal);
            _nodes = site.Nodes;
            // Opened by a link (?id=): the drawer reads the message on the node the listing found it on.
            if (_open is not null && _openNode is null && _nodeOf.TryGetValue(_open, out var holder)) _openNode = holder;
        }
        else _page = await Queue.SearchAsync(_selection, state.Page * state.PageSize, state.PageSize, ct);
        _live.Clear();
        _arrived.Clear();
        (_newMatching, _newCapped, _changed) = (0, false, false);
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
        _openNode = NodeOf(m);
        _drawer = true;
    }

    private async Task ActAsync(QueueAction action)
    {
        User.Require(ConsoleRole.Operator);
        var scope = _selected.Count > 0
            ? $"{_selected.Sum(m => m.Recipients.Count(r => r.Matched)):N0} recipients in the {_selected.Count} selected messages"
            : $"all {_page.TotalRecipients:N0} recipients matching {_selection}";
        var destructive = action is QueueAction.Delete or QueueAction.Bounce;
        var what = QueueActionText.Describe(action, scope);
        var dialog = await Dialogs.ShowAsync<ConfirmDialog>($"{action}?", new DialogParameters
        {
            [nameof(ConfirmDialog.Message)] = what, [nameof(ConfirmDialog.Action)] = action.ToString(),
            [nameof(ConfirmDialog.Destructive)] = destructive, [nameof(ConfirmDialog.By)] = User.Name,
        });
        if (await dialog.Result is not { Canceled: false, Data: Confirmation c }) return;
        Log.LogInformation("{By}: {Action} {Scope}: {Reason}", User.Name, action, scope, c.Reason);

        List<(string? Node, QueueSelection Selection)> selections = _selected.Count > 0
            ? _selected.Select(m => (Node: (string?)NodeOf(m), Selection: new QueueSelection([.. _selection.Terms, new SelectionTerm(SelectionField.QueueId, m.QueueId)]))).ToList()
            : [(Node: (string?)null, Selection: _selection)];
        try
        {
            if (_isSite) await ActOnSiteAsync(action, selections, c.Reason);
            else if (action == QueueAction.Flush)
            {
                var runs = await Actions.FlushAsync(Actor.Of(User), [.. selections.Select(s => s.Selection)], c.Reason);
                Snackbar.Add($"Flush started: {runs.Sum(r => r.Selected):N0} recipients selected (see Flush runs)", Severity.Success);
            }
            else
            {
                var total = await Actions.ApplyAsync(Actor.Of(User), action, [.. selections.Select(s => s.Selection)], c.Reason);
                Snackbar.Add($"{action}: {total}", Severity.Success);
            }
        }
        catch (Exception e) when (e is IOException or MmsGateway.Relay.Spool.SpoolUnavailableException)
        {
            Snackbar.Add($"{action} failed, nothing was changed on disk: {e.Message}", Severity.Error);
        }
        await ApplyAsync();
    }

    // Each selected message on the node that holds it; the whole filter on every node. Each node's outcome is said,
    // a node that did not do it in red: the NOC must not read "done" for a node that never heard of it.
    private async Task ActOnSiteAsync(QueueAction action, IReadOnlyList<(string? Node, QueueSelection Selection)> selections, string? reason)
    {
        var outcomes = new List<string>();
        var failed = false;
        foreach (var (node, selection) in selections)
        {
            var request = QueueRequest.For(selection, reason, node);
            if (action == QueueAction.Flush)
            {
                var runs = await Site.FlushAsync(request, selection, node, Actor.Of(User), User.Principal, CancellationToken.None);
                outcomes.AddRange(runs.Select(r => $"{r.Node}: {(r.Run is { } run ? $"flush started, {run.Selected:N0} recipients" : r.Error)}"));
                failed |= runs.Any(r => r.Error is not null);
            }
            else
            {
                var result = await Site.ApplyAsync(action, request, selection, node, Actor.Of(User), User.Principal, CancellationToken.None);
                outcomes.AddRange(result.Nodes.Select(n => $"{n.Node}: {n.Summary}"));
                failed |= result.Nodes.Any(n => n.Error is not null);
            }
        }
        Snackbar.Add($"{action}: {string.Join("; ", outcomes)}", failed ? Severity.Warning : Severity.Success);
    }

    // "+4512345678/TYPE=PLMN" of "+4512345678/TYPE=PLMN@mms.mnc002.mcc238.gprs": the domain has its own column.
    private static string LocalPart(string address)
    {
        var at = address.LastIndexOf('@');
        return at < 0 ? address : address[..at];
    }

    private static string Bytes(long bytes) => bytes >= 1_000_000 ? $"{bytes / 1e6:0.#} MB" : bytes >= 1000 ? $"{bytes / 1e3:0.#} kB" : $"{bytes} B";
}
