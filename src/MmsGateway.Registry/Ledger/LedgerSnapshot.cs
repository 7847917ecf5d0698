using Microsoft.EntityFrameworkCore;
using MmsGateway.Relay.Ledger;

namespace MmsGateway.Registry.Ledger;

/// <summary>Each loaded row's stored values as they were read: its Version for the concurrency check, and what an update
/// compares to write only the columns that changed. SQLite rewrites every index on a column named in SET, whether its
/// value moved or not, and the ledger has eleven: a whole-row update of a hand-over cost about ten times one that names
/// the four columns it changes.</summary>
internal sealed class LedgerSnapshot
{
    private readonly Dictionary<LedgerRow, object?[]> _values = [];   // LedgerRow has reference equality

    public static LedgerSnapshot Of(DbContext db, IEnumerable<LedgerRow> rows)
    {
        var snapshot = new LedgerSnapshot();
        foreach (var row in rows) snapshot._values[row] = LedgerTable.Values(db, row);
        return snapshot;
    }

    /// <summary>The row's stored values, in <see cref="LedgerTable"/>'s column order.</summary>
    public object?[] this[LedgerRow row] => _values[row];
}
