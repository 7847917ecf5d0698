namespace MmsGateway.Relay.Policy;

/// <summary>Which way a message crosses the gateway, seen from our network.</summary>
public enum TrafficDirection
{
    /// <summary>Our MMSC → a partner.</summary>
    Outbound,
    /// <summary>A partner → our MMSC.</summary>
    Inbound,
    /// <summary>A partner → another partner, through us.</summary>
    Transit,
}

public static class TrafficDirections
{
    /// <summary>The way an answer travels to a message that went <paramref name="request"/>.</summary>
    public static TrafficDirection Reverse(this TrafficDirection request) => request switch
    {
        TrafficDirection.Outbound => TrafficDirection.Inbound,
        TrafficDirection.Inbound => TrafficDirection.Outbound,
        _ => TrafficDirection.Transit,
    };
}
