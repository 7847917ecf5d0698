using MmsGateway.Relay.Queue;

namespace MmsGateway.Relay.Control;

/// <summary>Which queued recipients an operation applies to: every term must hold (AND).
/// Terms are matched per recipient: R, D and T look at the recipient, S and I at its message,
/// so "hold D=mms.mnc002..." parks only that operator's recipients of a multi-operator message.</summary>
public sealed record QueueSelection(IReadOnlyList<SelectionTerm> Terms)
{
    public static readonly QueueSelection All = new([]);

    public static QueueSelection Of(params SelectionTerm[] terms) => new(terms);

    /// <summary>Parses sendmail-style terms: <c>Rstr</c>, <c>!Sstr</c>, <c>Iid</c>, <c>Ddomain</c>,
    /// <c>Theld</c>; a leading "-q" is allowed, as typed after sendmail.</summary>
    public static bool TryParse(IEnumerable<string> terms, out QueueSelection selection, out string error)
    {
        var list = new List<SelectionTerm>();
        selection = All;
        foreach (var raw in terms)
        {
            var t = raw.StartsWith("-q", StringComparison.Ordinal) ? raw[2..] : raw;
            var negated = t.StartsWith('!');
            if (negated) t = t[1..];
            if (t.Length < 2) { error = $"'{raw}': expected a letter R, S, I, D or T followed by a value"; return false; }
            SelectionField? field = char.ToUpperInvariant(t[0]) switch
            {
                'R' => SelectionField.Recipient,
                'S' => SelectionField.Sender,
                'I' => SelectionField.QueueId,
                'D' => SelectionField.Destination,
                'T' => SelectionField.State,
                _ => null,
            };
            if (field is null) { error = $"'{raw}': unknown selection letter '{t[0]}' (R, S, I, D or T)"; return false; }
            var value = t[1..];
            if (field == SelectionField.State
                && (!Enum.TryParse<RecipientState>(value, ignoreCase: true, out var s) || s.IsFinal() || char.IsDigit(value[0])))
            {
                error = $"'{raw}': state must be ready, deferred or held";
                return false;
            }
            if (field is SelectionField.Recipient or SelectionField.Sender) value = InternationalForm(value);
            list.Add(new SelectionTerm(field.Value, value, negated));
        }
        selection = new QueueSelection(list);
        error = "";
        return true;
    }

    /// <summary>The one destination a positive D term pins, so the walk uses that domain's list only.</summary>
    internal string? PinnedDestination =>
        Terms.FirstOrDefault(t => t is { Field: SelectionField.Destination, Negated: false })?.Value.ToLowerInvariant();

    // An MSISDN typed with the international call prefix ("004512345699", as a subscriber dials it) finds
    // the "+4512345699/TYPE=PLMN" that MM4 addresses carry (issue 13). Only 00 followed by digits:
    // "00" alone or "00abc" stays a substring as typed.
    private static string InternationalForm(string value) =>
        value.Length > 2 && value.StartsWith("00", StringComparison.Ordinal) && char.IsAsciiDigit(value[2]) ? "+" + value[2..] : value;

    internal bool Matches(QueuedRecipient r, string queueIdText)
    {
        // By index: a foreach over the interface would allocate an enumerator for every recipient tested,
        // a million per console search, and the garbage collections that follow pause the relay too.
        for (var i = 0; i < Terms.Count; i++)
        {
            var t = Terms[i];
            var hit = t.Field switch
            {
                SelectionField.Recipient => r.Address.Contains(t.Value, StringComparison.OrdinalIgnoreCase),
                SelectionField.Sender => r.Message.Sender.Contains(t.Value, StringComparison.OrdinalIgnoreCase),
                SelectionField.QueueId => queueIdText.Contains(t.Value, StringComparison.OrdinalIgnoreCase),
                SelectionField.Destination => string.Equals(r.Domain, t.Value, StringComparison.OrdinalIgnoreCase),
                _ => string.Equals(r.State.ToString(), t.Value, StringComparison.OrdinalIgnoreCase),
            };
            if (hit == t.Negated) return false;
        }
        return true;
    }

    /// <summary>Whether a message as the console sees it has a recipient this selection picks (the queue
    /// page's "N new" test for a message that arrived after the page was loaded).</summary>
    public bool Matches(QueuedMessageView m)
    {
        foreach (var r in m.Recipients)
        {
            var all = true;
            foreach (var t in Terms)
            {
                var hit = t.Field switch
                {
                    SelectionField.Recipient => r.Address.Contains(t.Value, StringComparison.OrdinalIgnoreCase),
                    SelectionField.Sender => m.Sender.Contains(t.Value, StringComparison.OrdinalIgnoreCase),
                    SelectionField.QueueId => m.QueueId.Contains(t.Value, StringComparison.OrdinalIgnoreCase),
                    SelectionField.Destination => string.Equals(r.Domain, t.Value, StringComparison.OrdinalIgnoreCase),
                    _ => string.Equals(r.State, t.Value, StringComparison.OrdinalIgnoreCase),
                };
                if (hit == t.Negated) { all = false; break; }
            }
            if (all) return true;
        }
        return false;
    }

    /// <summary>This selection without the positive term on <paramref name="field"/> equal to <paramref name="value"/>.</summary>
    internal QueueSelection Without(SelectionField field, string value) =>
        new(Terms.Where(t => !(t.Field == field && !t.Negated && string.Equals(t.Value, value, StringComparison.OrdinalIgnoreCase))).ToList());

    internal bool NeedsQueueIdText => Terms.Any(t => t.Field == SelectionField.QueueId);

    public override string ToString() => Terms.Count == 0 ? "(all)" : string.Join(' ', Terms);
}
