namespace MmsGateway.Registry.Sendmail;

/// <summary>What an import did with each line: mapped to a record, merged into one, or left out and why.</summary>
public sealed class ImportReport
{
    public List<string> Mapped { get; } = [];

    public List<string> Merged { get; } = [];

    public List<string> LeftOut { get; } = [];

    public int Operators { get; set; }

    public int OwnDomains { get; set; }

    public int RelayClients { get; set; }

    public int AccessEntries { get; set; }

    public bool DryRun { get; set; }

    public override string ToString() =>
        $"{(DryRun ? "dry run, nothing saved: " : "")}{Operators} operators, {OwnDomains} own domains, {RelayClients} relay clients, {AccessEntries} access entries; " +
        $"{Mapped.Count} mapped, {Merged.Count} merged, {LeftOut.Count} left out";
}
