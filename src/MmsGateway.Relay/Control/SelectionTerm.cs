namespace MmsGateway.Relay.Control;

/// <summary>One term of a selection, e.g. sendmail's <c>-q!Rseattle</c> is (Recipient, "seattle", Negated).</summary>
public sealed record SelectionTerm(SelectionField Field, string Value, bool Negated = false)
{
    public override string ToString() => $"{(Negated ? "!" : "")}{Letter(Field)}{Value}";

    internal static char Letter(SelectionField f) => f switch
    {
        SelectionField.Recipient => 'R',
        SelectionField.Sender => 'S',
        SelectionField.QueueId => 'I',
        SelectionField.Destination => 'D',
        _ => 'T',
    };
}
