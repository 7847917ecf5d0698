using MmsGateway.Relay.Control;

namespace MmsConsole.Web.Live;

/// <summary>A selection as a NOC engineer says it: "recipients at Operator Three", not "Dmms.mnc003..."
/// (issue 13). The sendmail form stays beside it wherever it is shown.</summary>
public static class SelectionWords
{
    /// <param name="operatorOf">The operator a domain belongs to, or null when it has none.</param>
    public static string Describe(QueueSelection selection, Func<string, string?> operatorOf)
    {
        if (selection.Terms.Count == 0) return "every queued recipient";
        var parts = selection.Terms.Select(t => (t.Negated ? "not " : "") + t.Field switch
        {
            SelectionField.Destination => operatorOf(t.Value) is { } name ? $"at {name} ({t.Value})" : $"at {t.Value}",
            SelectionField.Recipient => $"recipient containing '{t.Value}'",
            SelectionField.Sender => $"sender containing '{t.Value}'",
            SelectionField.QueueId => $"queue id containing '{t.Value}'",
            SelectionField.State => t.Value,
            _ => t.ToString(),
        });
        return "recipients " + string.Join(", ", parts);
    }
}
