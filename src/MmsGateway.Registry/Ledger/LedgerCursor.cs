using System.Globalization;
using MmsGateway.Relay.Ledger;

namespace MmsGateway.Registry.Ledger;

/// <summary>Where a page of the ledger ended: lists run newest first by acceptance time, the row id breaking ties,
/// so the next page starts strictly below this (keyset paging: as fast on the thousandth page as on the first).
/// Written "acceptedMs-id" in the API.</summary>
public readonly record struct LedgerCursor(long AcceptedAt, long Id)
{
    public static LedgerCursor After(LedgerRow row) => new(row.AcceptedAt, row.Id);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{AcceptedAt}-{Id}");

    public static bool TryParse(string? text, out LedgerCursor cursor)
    {
        cursor = default;
        var dash = text?.LastIndexOf('-') ?? -1;
        if (dash <= 0 || !long.TryParse(text![..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var at)
            || !long.TryParse(text[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return false;
        cursor = new LedgerCursor(at, id);
        return true;
    }
}
