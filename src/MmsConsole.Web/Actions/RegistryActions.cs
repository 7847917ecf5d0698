using MmsGateway.Registry.Sendmail;
using MmsGateway.Registry.Store;

namespace MmsConsole.Web.Actions;

/// <summary>Changes to our side, the extra access entries and the sendmail import, from the registry
/// pages or the API: each the registry call and its audit entry.</summary>
public sealed class RegistryActions(RegistryStore registry, ActionAudit audit)
{
    public async Task<RegistryResult<AccessView>> CreateAccessAsync(Actor by, AccessInput input, CancellationToken ct = default)
    {
        var result = await registry.CreateAccessAsync(input, ct);
        await audit.RecordAsync(by, "access.create", Name(input), new Saved<AccessView>(null, result.Value, result.Errors), null, result.Ok);
        return result;
    }

    public async Task<RegistryResult<AccessView>> UpdateAccessAsync(Actor by, int id, AccessInput input, CancellationToken ct = default)
    {
        var before = (await registry.AccessAsync(ct)).FirstOrDefault(a => a.Id == id);
        var result = await registry.UpdateAccessAsync(id, input, ct);
        await audit.RecordAsync(by, "access.update", Name(input), new Saved<AccessView>(before, result.Value, result.Errors), null, result.Ok);
        return result;
    }

    public async Task<bool> DeleteAccessAsync(Actor by, int id, string? reason = null, CancellationToken ct = default)
    {
        var before = (await registry.AccessAsync(ct)).FirstOrDefault(a => a.Id == id);
        var deleted = await registry.DeleteAccessAsync(id, ct);
        await audit.RecordAsync(by, "access.delete", before is null ? $"access entry {id}" : $"{before.Kind}:{before.Key} {before.Action}",
            new Saved<AccessView>(before, null, null), reason, deleted);
        return deleted;
    }

    public async Task<RegistryResult<OurSideView>> SetOurSideAsync(Actor by, OurSideInput input, CancellationToken ct = default)
    {
        var before = await registry.OurSideAsync(ct);
        var result = await registry.SetOurSideAsync(input, ct);
        await audit.RecordAsync(by, "our-side.update", "our side", new Saved<OurSideView>(before, result.Value, result.Errors), null, result.Ok);
        return result;
    }

    /// <summary>Maps a sendmail mailertable and access map onto the registry; a dry run changes nothing and is recorded as one.</summary>
    public async Task<ImportReport> ImportSendmailAsync(Actor by, string mailertable, string access, bool dryRun, CancellationToken ct = default)
    {
        var report = await registry.ImportSendmailAsync(mailertable, access, dryRun, ct);
        await audit.RecordAsync(by, "sendmail.import", dryRun ? "mailertable and access map (dry run)" : "mailertable and access map",
            new Imported(dryRun, report.ToString(), report.Mapped.Count, report.Merged.Count, report.LeftOut.Count), null);
        return report;
    }

    private static string Name(AccessInput a) => $"{a.Kind}:{a.Key} {a.Action}";

    private sealed record Saved<T>(T? Before, T? After, IReadOnlyDictionary<string, string[]>? Errors);

    private sealed record Imported(bool DryRun, string Summary, int Mapped, int Merged, int LeftOut);
}
