namespace MmsGateway.Registry.Model;

/// <summary>One thing someone did that changes traffic or rules. Append-only: nothing in the
/// console or the API updates or deletes a record.</summary>
public sealed class AuditRecord
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The signed-in user, or "token:NAME" for a script.</summary>
    public required string User { get; set; }

    /// <summary>The client address the request or the console session came from.</summary>
    public required string Source { get; set; }

    /// <summary>Dotted and stable, for filtering: "queue.flush", "operator.status", "user.create".</summary>
    public required string Action { get; set; }

    /// <summary>What it was done to: a selection ("Dmms.mnc002.mcc238.gprs !R+4512"), an operator, a user.</summary>
    public required string Target { get; set; }

    /// <summary>Before/after values or the result, as text (JSON where structured).</summary>
    public string? Details { get; set; }

    public string? Reason { get; set; }

    public bool Succeeded { get; set; }

    /// <summary>The gateway that did it (<c>Gateway:Node:Name</c>); null in records from before nodes were named.</summary>
    public string? Node { get; set; }
}
