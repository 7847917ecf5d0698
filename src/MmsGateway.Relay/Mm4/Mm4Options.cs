namespace MmsGateway.Relay.Mm4;

/// <summary>Gateway:Mm4: what the lint accepts beyond TS 23.140 and IR.67.</summary>
public sealed class Mm4Options
{
    /// <summary>Sender domains that are not of the form mms.mncNNN.mccNNN.gprs and are fine anyway
    /// (a partner's legacy domain, our own test MMSC).</summary>
    public List<string> SenderDomainExceptions { get; set; } = [];
}
