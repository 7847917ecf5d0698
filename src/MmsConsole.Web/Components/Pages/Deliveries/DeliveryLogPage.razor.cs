using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MmsConsole.Web.Live;
using MmsGateway.Relay.Delivery;
using MmsGateway.Relay.MailLog;

namespace MmsConsole.Web.Components.Pages.Deliveries;

/// <summary>The mail log as a page: history from the file (paged, searchable over days, after restarts:
/// issue 13) with the live attempts of this process added on top as they come.</summary>
public sealed partial class DeliveryLogPage : IDisposable
{
    private const int PageSize = 200, MaxLines = 2000;
    private static readonly (string Value, string Label)[] Outcomes =
        [("attempts", "Delivery attempts"), ("all", "Attempts and acceptances"), ("Accepted", "Acceptances (from=)"),
         ("Sent", "stat=Sent"), ("Deferred", "stat=Deferred"), ("Bounced", "stat=Bounced")];

    [Inject] private GatewayStats Stats { get; set; } = default!;
    [Inject] private MailLogReader Reader { get; set; } = default!;

    private readonly List<MailLogEntry> _lines = [];   // newest first
    private readonly List<MailLogEntry> _held = [];   // live lines that came while paused, oldest first
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private MailLogQuery _query = new();
    private string? _text, _messageId, _operator, _from, _to, _error, _next;
    private string _outcome = "attempts";
    private bool _plmnOnly, _notSentOnly, _paused, _filtered;
    private DateTimeOffset? _searchedTo;
    private long _seq;
    private int _missed;
    private int _generation;   // a search started after this read makes its result stale

    /// <summary>?q=TEXT: the page opens searching for it (the MM4 ledger links a queue id that has left the queue here).</summary>
    [SupplyParameterFromQuery(Name = "q")] public string? Query { get; set; }

    protected override async Task OnInitializedAsync()
    {
        if (!string.IsNullOrWhiteSpace(Query)) (_text, _outcome) = (Query.Trim(), "all");
        await SearchAsync();
        Stats.Updated += OnUpdated;
    }

    private string Summary => $"{_lines.Count:N0} line{(_lines.Count == 1 ? "" : "s")}" + (_next is null ? ", the whole log" : ", newest first");

    // Switches and lists search at once; text fields on Enter or the Search button.
    private async Task SetAsync(Action change)
    {
        change();
        await SearchAsync();
    }

    private async Task OnKeyAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter") await SearchAsync();
    }

    private async Task ResetAsync()
    {
        (_text, _messageId, _operator, _from, _to, _outcome, _plmnOnly, _notSentOnly) = (null, null, null, null, null, "attempts", false, false);
        await SearchAsync();
    }

    private async Task SearchAsync()
    {
        _error = null;
        if (!TryQuery(out var query, out var error))
        {
            _error = error;
            return;
        }
        _query = query;
        _generation++;
        _filtered = query != new MailLogQuery(Outcomes: AttemptOutcomes);
        _lines.Clear();
        _seen.Clear();
        _seq = Stats.LastDeliverySeq;   // before the file is read: nothing after it is missed, at most a line shown twice is skipped
        await LoadAsync(null);
    }

    private Task OlderAsync() => LoadAsync(_next);

    private async Task LoadAsync(string? cursor)
    {
        var (query, generation) = (_query, _generation);
        try
        {
            var page = await Task.Run(() => Reader.Search(query, cursor, PageSize));
            // Two switches flipped quickly start two reads; the first to finish may be the older one.
            if (generation != _generation) return;
            foreach (var e in page.Entries) if (_seen.Add(Key(e))) _lines.Add(e);
            _next = page.Next;
            _searchedTo = page.SearchedTo;
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            if (generation != _generation) return;
            _error = $"The mail log could not be read: {e.Message}";
            _next = null;
        }
    }

    private static readonly IReadOnlySet<string> AttemptOutcomes = LogSearch.Attempts;

    private bool TryQuery(out MailLogQuery query, out string error)
    {
        query = new MailLogQuery();
        error = "";
        DateTimeOffset? from = null, to = null;
        if (!TryTime(_from, "From", ref from, ref error) || !TryTime(_to, "To", ref to, ref error)) return false;
        if (from > to) { error = "From is after To."; return false; }
        var messageId = string.IsNullOrWhiteSpace(_messageId) ? null : _messageId.Trim();
        IReadOnlySet<string>? outcomes = _outcome switch
        {
            "all" => null,
            "attempts" when messageId is not null && !_notSentOnly => null,   // a Message-ID's acceptance line belongs with its attempts
            "attempts" => _notSentOnly ? LogSearch.NotSent : AttemptOutcomes,
            _ => new HashSet<string>(StringComparer.Ordinal) { _outcome },
        };
        if (_notSentOnly && outcomes is null) outcomes = new HashSet<string>(StringComparer.Ordinal) { "Deferred", "Bounced", "Accepted" };
        if (_notSentOnly && outcomes is { } o && o.Contains("Sent") && o.Count == 1) { error = "stat=Sent and \"not stat=Sent only\" exclude each other."; return false; }
        IReadOnlySet<string>? domains = null;
        if (_operator is { Length: > 0 } name)
            domains = Stats.Current.Operators.FirstOrDefault(op => op.Name == name)?.Domains.Select(d => d.ToLowerInvariant()).ToHashSet() ?? [];
        query = new MailLogQuery(LogSearch.Text(_text), messageId, domains, outcomes, _plmnOnly, from, to);
        return true;
    }

    private static bool TryTime(string? text, string field, ref DateTimeOffset? value, ref string error)
    {
        if (LogSearch.TryTime(text, out value)) return true;
        error = $"{field} '{text!.Trim()}' is not a time: write it as 2026-12-02 03:00 (UTC).";
        return false;
    }

    // New attempts of this process, once a second on the sampler's tick, when the search reaches to now.
    private void OnUpdated(GatewaySnapshot _) => InvokeAsync(() =>
    {
        var batch = Stats.DeliveriesSince(_seq, out _seq);
        if (batch.Count == 0 || _query.To is not null || _query.MessageId is not null) return;
        var fresh = batch.Select(ToEntry).Where(e => _query.Matches(e, e.Text)).ToList();
        if (fresh.Count == 0) return;
        if (_paused)
        {
            _held.AddRange(fresh);
            _missed += fresh.Count;
        }
        else
        {
            foreach (var e in fresh) if (_seen.Add(Key(e))) _lines.Insert(0, e);
            if (_lines.Count > MaxLines) _lines.RemoveRange(MaxLines, _lines.Count - MaxLines);
        }
        StateHasChanged();
    });

    private Task TogglePause()
    {
        _paused = !_paused;
        if (!_paused)
        {
            _missed = 0;
            foreach (var e in _held) if (_seen.Add(Key(e))) _lines.Insert(0, e);
            _held.Clear();
        }
        return Task.CompletedTask;
    }

    private static MailLogEntry ToEntry(DeliveryAttempt a) => new(a.At, a.QueueId, MailLogKind.Attempt, a.Recipient,
        a.Outcome switch { OutcomeKind.Delivered => "Sent", OutcomeKind.Deferred => "Deferred", _ => "Bounced" }, a.LogLine);

    // Milliseconds are what the file keeps: a live attempt and its line in the file give the same key.
    private static string Key(MailLogEntry e) => $"{e.At.ToUnixTimeMilliseconds()} {e.Text}";

    private static string LineClass(MailLogEntry e) => e.Outcome switch
    {
        "Sent" => "log-sent",
        "Deferred" => "log-deferred",
        "Accepted" => "log-accepted",
        _ => "log-bounced",
    };

    public void Dispose() => Stats.Updated -= OnUpdated;
}
