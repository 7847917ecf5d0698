namespace MmsGateway.Relay.Mm4;

/// <summary>What the lint knows beyond the headers: the envelope, the size, and the partner's agreed limit.</summary>
public sealed record LintContext(string EnvelopeSender, IReadOnlyList<string> EnvelopeRecipients, long Size)
{
    /// <summary>The partner's agreed maximum message size in octets, or null for none.</summary>
    public long? MaxSize { get; init; }

    /// <summary>Sender domains allowed beside the IR.67 form (Gateway:Mm4:SenderDomainExceptions).</summary>
    public IReadOnlyCollection<string> SenderDomainExceptions { get; init; } = [];
}
