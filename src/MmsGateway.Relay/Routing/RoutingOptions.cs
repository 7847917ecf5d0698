namespace MmsGateway.Relay.Routing;

/// <summary>Gateway:Routes, the mailertable until the registry holds it (issue 4): recipient domain
/// (or ".parent", or "." for everything) → next hops in order, e.g.
/// "mms.mnc002.mcc238.gprs": "[10.0.0.2]:25 [10.0.0.3]:25".</summary>
public sealed class RoutingOptions
{
    public Dictionary<string, string> Routes { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
