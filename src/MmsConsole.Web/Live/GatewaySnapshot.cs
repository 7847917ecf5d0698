using MmsConsole.Web.Mm4;
using MmsGateway.Relay.Health;
using MmsGateway.Relay.Routing;

namespace MmsConsole.Web.Live;

/// <summary>The relay's state at one second, as the dashboard and hub clients get it.</summary>
public sealed record GatewaySnapshot(
    DateTimeOffset At,
    int Messages,
    int Recipients,
    int Ready,
    int Deferred,
    int Held,
    DateTimeOffset? Oldest,
    double InPerSecond,
    double OutPerSecond,
    IReadOnlyList<OperatorState> Operators,
    IReadOnlyList<string> Alerts)
{
    public static readonly GatewaySnapshot Empty = new(DateTimeOffset.UnixEpoch, 0, 0, 0, 0, 0, null, 0, 0, [], []);
}

/// <summary>One interconnect partner (or a configured route without one) as the relay sees it now:
/// its effective status from the rules in force, its depth from the queue index, and its health as
/// measured from delivery attempts (issue 13: an operator can be administratively up and unreachable).</summary>
public sealed record OperatorState(
    string Name,
    DestinationStatus Status,
    string? StatusText,
    IReadOnlyList<string> Domains,
    int Ready,
    int Deferred,
    int Held,
    DateTimeOffset? Oldest,
    string? LastError,
    DateTimeOffset? NextRetry,
    OperatorHealth Health)
{
    /// <summary>What the partner's MMSC answers to our MM4 forwards (issue 14), or null when the ledger has nothing of it.</summary>
    public Mm4Verdict? Mm4 { get; init; }

    public int Depth => Ready + Deferred + Held;
}

/// <summary>One second of history for the depth chart.</summary>
public readonly record struct DepthPoint(DateTimeOffset At, int Messages, int Deferred, int Held, double InPerSecond, double OutPerSecond);
