namespace MmsGateway.Relay.Routing;

/// <summary>The routing table in force. One writer publishes whole tables; SMTP sessions and
/// delivery read <see cref="Current"/> once per decision, so a change applies to the next RCPT and
/// the next attempt without a restart and without tearing a table in half.</summary>
public sealed class RoutingRules(RoutingTable initial)
{
    private RoutingTable _current = initial;

    public RoutingTable Current => Volatile.Read(ref _current);

    public void Publish(RoutingTable next) => Volatile.Write(ref _current, next);
}
