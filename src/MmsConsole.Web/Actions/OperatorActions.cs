using MmsConsole.Web.Live;
using MmsGateway.Registry.Store;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Routing;

namespace MmsConsole.Web.Actions;

/// <summary>What the NOC does to an operator, from the Operators page or the API: each one the registry
/// or queue call and its audit entry.</summary>
public sealed class OperatorActions(RegistryStore registry, IQueueControl queue, ActionAudit audit, FlushHistory? history = null)
{
    public async Task<RegistryResult<OperatorView>> CreateAsync(Actor by, OperatorInput input, CancellationToken ct = default)
    {
        var result = await registry.CreateOperatorAsync(input, ct);
        await audit.RecordAsync(by, "operator.create", input.Name, new Saved(null, result.Value, Errors(result)), null, result.Ok);
        return result;
    }

    public async Task<RegistryResult<OperatorView>> UpdateAsync(Actor by, int id, OperatorInput input, string? reason = null, CancellationToken ct = default)
    {
        var before = await registry.OperatorAsync(id, ct);
        var result = await registry.UpdateOperatorAsync(id, input, ct);
        await audit.RecordAsync(by, "operator.update", before?.Name ?? input.Name, new Saved(before, result.Value, Errors(result)), reason, result.Ok);
        return result;
    }

    public async Task<bool> DeleteAsync(Actor by, int id, string? reason = null, CancellationToken ct = default)
    {
        var before = await registry.OperatorAsync(id, ct);
        var deleted = await registry.DeleteOperatorAsync(id, ct);
        await audit.RecordAsync(by, "operator.delete", before?.Name ?? $"operator {id}", new Saved(before, null, null), reason, deleted);
        return deleted;
    }

    /// <summary>The status switch (mark down, hold, bring up), in force within a second.</summary>
    public async Task<RegistryResult<OperatorView>> SetStatusAsync(Actor by, int id, StatusInput input, CancellationToken ct = default)
    {
        var before = await registry.OperatorAsync(id, ct);
        var result = await registry.SetStatusAsync(id, input, by.Name, ct);
        await audit.RecordAsync(by, "operator.status", before?.Name ?? $"operator {id}",
            new StatusChange(before?.Status, input.Status, input.Text, input.Until, Errors(result)), input.Reason, result.Ok);
        return result;
    }

    /// <summary>Whether the operator's gateways may send to us (the seed's From: whitelist).</summary>
    public async Task<RegistryResult<OperatorView>> SetInboundAsync(Actor by, OperatorView o, bool allowed, string? reason, CancellationToken ct = default)
    {
        var input = new OperatorInput(o.Name, o.Domains, o.NextHops, allowed, o.Country, o.Mcc, o.Mnc, o.MaxConnections, o.QueueLifetime, o.Notes,
            o.Tls, o.TlsPin, o.TlsCaFile, o.ResponseTimeout, o.MaxMessageSize, o.LintReject);
        var result = await registry.UpdateOperatorAsync(o.Id, input, ct);
        await audit.RecordAsync(by, "operator.inbound", o.Name, new InboundChange(o.InboundAllowed, allowed, Errors(result)), reason, result.Ok);
        return result;
    }

    /// <summary>Flushes every domain of the operator (sendmail -qR per domain), one run each.</summary>
    public async Task<IReadOnlyList<FlushRun>> FlushAsync(Actor by, OperatorView o, string? reason)
    {
        var runs = o.Domains.Select(d => queue.Flush(QueueSelection.Of(new SelectionTerm(SelectionField.Destination, d)))).ToList();
        foreach (var r in runs) history?.Started(r, by.Name);
        await audit.RecordAsync(by, "queue.flush", $"recipients at {o.Name}",
            new OperatorFlush(o.Name, runs.Select(r => r.Id).ToList(), runs.Select(r => r.Selection).ToList(), runs.Sum(r => r.Selected)), reason);
        return runs;
    }

    private static IReadOnlyDictionary<string, string[]>? Errors<T>(RegistryResult<T> r) =>
        r.NotFound ? new Dictionary<string, string[]> { ["id"] = ["not found"] } : r.Errors;

    private sealed record Saved(OperatorView? Before, OperatorView? After, IReadOnlyDictionary<string, string[]>? Errors);

    private sealed record StatusChange(DestinationStatus? From, DestinationStatus To, string? Text, DateTimeOffset? Until,
        IReadOnlyDictionary<string, string[]>? Errors);

    private sealed record InboundChange(bool From, bool To, IReadOnlyDictionary<string, string[]>? Errors);

    private sealed record OperatorFlush(string Operator, IReadOnlyList<int> Flushes, IReadOnlyList<string> Selections, int Selected);
}
