using MmsGateway.Relay.Control;

namespace MmsConsole.Web.Components.Pages.Queue;

/// <summary>The queue page's filter form as sendmail selection terms (-qR, -qS, -qI, a destination,
/// a state), each field with its own "not". An MSISDN is matched by its digits, however it is typed.</summary>
public sealed class QueueFilter
{
    public string? Recipient { get; set; }
    public bool NotRecipient { get; set; }
    public string? Sender { get; set; }
    public bool NotSender { get; set; }
    public string? QueueId { get; set; }
    public bool NotQueueId { get; set; }
    public string? Destination { get; set; }
    public bool NotDestination { get; set; }
    public string? State { get; set; }
    public string? Msisdn { get; set; }

    public QueueSelection ToSelection()
    {
        var terms = new List<SelectionTerm>();
        void Add(SelectionField field, string? value, bool negated)
        {
            if (!string.IsNullOrWhiteSpace(value)) terms.Add(new SelectionTerm(field, value.Trim(), negated));
        }
        Add(SelectionField.Recipient, Recipient, NotRecipient);
        Add(SelectionField.Sender, Sender, NotSender);
        Add(SelectionField.QueueId, QueueId, NotQueueId);
        Add(SelectionField.Destination, Destination, NotDestination);
        Add(SelectionField.State, State, false);
        // "+45 12 34 56 78", "4512345678" and "004512345678" (the international call prefix, issue 13)
        // all find "+4512345678/TYPE=PLMN@...".
        var digits = new string((Msisdn ?? "").Where(char.IsAsciiDigit).ToArray());
        if (digits.Length > 2 && digits.StartsWith("00", StringComparison.Ordinal) && !(Msisdn ?? "").TrimStart().StartsWith('+')) digits = digits[2..];
        if (digits.Length > 0) terms.Add(new SelectionTerm(SelectionField.Recipient, digits));
        return new QueueSelection(terms);
    }

    public void Clear()
    {
        Recipient = Sender = QueueId = Destination = State = Msisdn = null;
        NotRecipient = NotSender = NotQueueId = NotDestination = false;
    }
}
