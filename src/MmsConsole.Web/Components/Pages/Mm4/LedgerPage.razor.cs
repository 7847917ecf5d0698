using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Options;
using MmsConsole.Web.Live;
using MmsConsole.Web.Mm4;
using MmsGateway.Registry.Ledger;
using MmsGateway.Relay.Ledger;

namespace MmsConsole.Web.Components.Pages.Mm4;

/// <summary>The ledger search (issue 14): by MSISDN (with 00), ids, type, operator, direction, state, lint and time,
/// newest first in pages of 100; the search lives in the address, so the MM4 page's figures link straight to their rows.</summary>
public sealed partial class LedgerPage
{
    private const int PageSize = 100;
    private static readonly string[] Types =
        ["MM4_forward.REQ", "MM4_forward.RES", "MM4_delivery_report.REQ", "MM4_delivery_report.RES", "MM4_read_reply_report.REQ", "MM4_read_reply_report.RES"];

    [Inject] private LedgerQueries Ledger { get; set; } = default!;
    [Inject] private GatewayStats Stats { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IOptions<LedgerOptions> Options { get; set; } = default!;

    [SupplyParameterFromQuery] public string? Msisdn { get; set; }
    [SupplyParameterFromQuery] public string? Sender { get; set; }
    [SupplyParameterFromQuery] public string? Recipient { get; set; }
    [SupplyParameterFromQuery] public string? TransactionId { get; set; }
    [SupplyParameterFromQuery] public string? MessageId { get; set; }
    [SupplyParameterFromQuery] public string? QueueId { get; set; }
    [SupplyParameterFromQuery] public string? Type { get; set; }
    [SupplyParameterFromQuery] public string? Operator { get; set; }
    [SupplyParameterFromQuery] public string? Direction { get; set; }
    [SupplyParameterFromQuery] public string? State { get; set; }
    [SupplyParameterFromQuery] public string? Lint { get; set; }
    [SupplyParameterFromQuery] public string? From { get; set; }
    [SupplyParameterFromQuery] public string? To { get; set; }

    private LedgerSearch _search = new();
    private LedgerQuery _query = new();
    private readonly List<LedgerEntry> _rows = [];
    private IReadOnlyList<LedgerEntry> _chain = [];
    private LedgerCursor? _next;
    private int _generation;   // a search started after a read makes that read's rows stale
    private long? _open;
    private string? _error;

    private string RetentionText => Options.Value.Retention is var r && r.TotalDays >= 1 && r.TotalDays % 1 == 0 ? $"{r.TotalDays:0} days" : Format.Age(Options.Value.Retention);

    private IEnumerable<string> Operators => Stats.Current.Operators.Select(o => o.Name).Append(_search.Operator ?? "")
        .Where(n => n.Length > 0).Distinct().Order(StringComparer.OrdinalIgnoreCase);

    protected override async Task OnParametersSetAsync()
    {
        _search = new LedgerSearch
        {
            Msisdn = Msisdn, Sender = Sender, Recipient = Recipient, TransactionId = TransactionId, MessageId = MessageId, QueueId = QueueId,
            Type = Type, Operator = Operator, Direction = Direction, State = State, Lint = Lint, From = From, To = To,
        };
        await RunAsync();
    }

    // The search goes into the address (a link to paste into a ticket); the address change runs it.
    private async Task SearchAsync()
    {
        var target = "/mm4/ledger" + (_search.ToQueryString() is { Length: > 0 } q ? "?" + q : "");
        if (Navigation.ToBaseRelativePath(Navigation.Uri) == target.TrimStart('/')) await RunAsync();
        else Navigation.NavigateTo(target);
    }

    private async Task ResetAsync()
    {
        _search = new LedgerSearch();
        await SearchAsync();
    }

    private async Task OnKeyAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter") await SearchAsync();
    }

    private async Task RunAsync()
    {
        _rows.Clear();
        (_next, _open, _error) = (null, null, null);
        if (!_search.TryParse(out var query, out var field, out var error))
        {
            _error = $"{field}: {error}";
            return;
        }
        _query = query;
        _generation++;
        await PageAsync(null);
    }

    private void SetLint(bool on) => _search.Lint = on ? "true" : null;

    private Task OlderAsync() => PageAsync(_next);

    private async Task PageAsync(LedgerCursor? before)
    {
        var generation = _generation;
        try
        {
            var rows = await Ledger.SearchAsync(_query, PageSize, before);
            // Two searches started in quick succession: the first to finish may be the older one.
            if (generation != _generation) return;
            _rows.AddRange(rows.Select(LedgerEntry.From));
            _next = rows.Count == PageSize ? LedgerCursor.After(rows[^1]) : null;
        }
        catch (Exception e) when (LedgerQueries.IsUnavailable(e))
        {
            if (generation != _generation) return;
            _error = $"The ledger cannot be read now ({e.GetBaseException().Message}).";
        }
    }

    private async Task ToggleAsync(LedgerEntry row)
    {
        if (_open == row.Id) { _open = null; return; }
        _open = row.Id;
        _chain = [row];
        try
        {
            var related = await Ledger.ForMessageAsync(row.QueueId, row.TransactionId, row.MessageId);
            _chain = [row, .. related.Where(r => r.Id != row.Id).Select(LedgerEntry.From)];
        }
        catch (Exception e) when (LedgerQueries.IsUnavailable(e))
        {
            _error = $"The ledger cannot be read now ({e.GetBaseException().Message}).";
        }
    }

    private static string DirectionText(string d) => d switch { "Outbound" => "to partner", "Inbound" => "from partner", _ => "transit" };

    private static string StateClass(string state) => state switch
    {
        "Missing" or "Unmatched" => "mm4-bad",
        "Late" or "Undelivered" => "mm4-warn",
        _ => "",
    };
}
