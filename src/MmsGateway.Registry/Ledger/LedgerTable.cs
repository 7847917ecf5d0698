using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using MmsGateway.Relay.Ledger;

namespace MmsGateway.Registry.Ledger;

/// <summary>The ledger writer's own reads and writes of Mm4Transactions, in plain ADO.NET on the context's connection
/// and transaction: prepared statements run once a row, no change tracker. The relay's writer does this a thousand
/// times a second beside the accept path, where EF's per-entity tracking and query materialisation were most of the
/// ledger's cost (bench: ledger-cost). The columns, their names and stored forms (enums as text) come from the EF
/// model, which stays the schema's owner (migrations) and serves every query of the console.</summary>
internal static class LedgerTable
{
    private const int KeysPerSelect = 100;
    private static Column[]? _columns;

    private sealed record Column(string Name, Func<LedgerRow, object?> Read, Action<LedgerRow, object?> Write);

    // At most 64: an update's changed columns are a bit mask.
    private static Column[] Columns(DbContext db) => _columns ??= db.Model.FindEntityType(typeof(LedgerRow))!.GetProperties()
        .Where(p => !p.IsPrimaryKey()).Select(Map).ToArray() is { Length: <= 64 } columns ? columns
        : throw new InvalidOperationException("Mm4Transactions has more than 64 columns: widen LedgerTable's change mask");

    private static Column Map(IProperty p)
    {
        var getter = p.GetGetter();
        var converter = p.GetTypeMapping().Converter;
        var type = Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType;
        var info = p.PropertyInfo!;
        return new Column(p.GetColumnName(),
            row => converter is null ? getter.GetClrValue(row) : converter.ConvertToProvider(getter.GetClrValue(row)),
            (row, stored) => info.SetValue(row, stored is null ? null
                : converter is not null ? converter.ConvertFromProvider(stored)
                : stored.GetType() == type ? stored : Convert.ChangeType(stored, type, System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>Rows whose <paramref name="column"/> is one of <paramref name="keys"/>.</summary>
    public static async Task<List<LedgerRow>> LoadAsync(DbContext db, string column, IReadOnlyList<string> keys, CancellationToken ct)
    {
        var rows = new List<LedgerRow>();
        if (keys.Count == 0) return rows;
        var columns = Columns(db);
        // One statement of KeysPerSelect keys, prepared once and run for every chunk (the last padded with its own
        // last key): preparing a statement of a hundred parameters cost more than running it.
        var size = Math.Min(KeysPerSelect, keys.Count);
        await using var command = Command(db);
        var parameters = Enumerable.Range(0, size).Select(i => Parameter(command, $"@k{i}", null)).ToArray();
        command.CommandText = "SELECT \"Id\", " + string.Join(", ", columns.Select(c => $"\"{c.Name}\""))
            + " FROM \"Mm4Transactions\" WHERE \"" + column + "\" IN (" + string.Join(", ", parameters.Select(p => p.ParameterName)) + ")";
        for (var first = 0; first < keys.Count; first += size)
        {
            for (var i = 0; i < size; i++) parameters[i].Value = keys[Math.Min(first + i, keys.Count - 1)];
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var row = new LedgerRow { Partner = "", Type = "", QueueId = "", Id = reader.GetInt64(0) };
                for (var c = 0; c < columns.Length; c++) columns[c].Write(row, reader.IsDBNull(c + 1) ? null : reader.GetValue(c + 1));
                rows.Add(row);
            }
        }
        return rows;
    }

    public static async Task InsertAsync(DbContext db, IReadOnlyCollection<LedgerRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var columns = Columns(db);
        await using var command = Command(db);
        var values = columns.Select((_, i) => Parameter(command, $"@p{i}", null)).ToArray();
        command.CommandText = new StringBuilder("INSERT INTO \"Mm4Transactions\" (").AppendJoin(", ", columns.Select(c => $"\"{c.Name}\""))
            .Append(") VALUES (").AppendJoin(", ", values.Select(v => v.ParameterName)).Append(')').ToString();
        foreach (var row in rows)
        {
            for (var c = 0; c < columns.Length; c++) values[c].Value = columns[c].Read(row) ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>The row's stored values, in column order.</summary>
    public static object?[] Values(DbContext db, LedgerRow row)
    {
        var columns = Columns(db);
        var values = new object?[columns.Length];
        for (var c = 0; c < columns.Length; c++) values[c] = columns[c].Read(row);
        return values;
    }

    /// <summary>Writes the columns of each row that differ from <paramref name="readAt"/>, if nobody changed the row since
    /// it was read (its Version then): another gateway that did fails this batch, which is applied again on fresh rows.</summary>
    public static async Task UpdateAsync(DbContext db, IEnumerable<LedgerRow> rows, LedgerSnapshot readAt, CancellationToken ct)
    {
        var columns = Columns(db);
        var version = VersionColumn(db);
        // One prepared statement for each set of changed columns: a batch of hand-overs shares one.
        var commands = new Dictionary<ulong, (DbCommand Command, DbParameter[] Values, DbParameter Id, DbParameter Version)>();
        try
        {
            foreach (var row in rows)
            {
                var before = readAt[row];
                var after = Values(db, row);
                var changed = 0UL;
                for (var c = 0; c < columns.Length; c++)
                    if (!Equals(before[c], after[c])) changed |= 1UL << c;
                if (changed == 0) continue;
                if (!commands.TryGetValue(changed, out var u)) commands[changed] = u = UpdateCommand(db, columns, changed);
                for (var c = 0; c < columns.Length; c++)
                    if ((changed & (1UL << c)) != 0) u.Values[c].Value = after[c] ?? DBNull.Value;
                (u.Id.Value, u.Version.Value) = (row.Id, before[version]);
                if (await u.Command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) != 1)
                    throw new DbUpdateConcurrencyException($"ledger row {row.Id} was changed by another writer since it was read");
            }
        }
        finally
        {
            foreach (var u in commands.Values) await u.Command.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static (DbCommand, DbParameter[], DbParameter, DbParameter) UpdateCommand(DbContext db, Column[] columns, ulong changed)
    {
        var command = Command(db);
        var values = new DbParameter[columns.Length];
        var set = new List<string>();
        for (var c = 0; c < columns.Length; c++)
        {
            if ((changed & (1UL << c)) == 0) continue;
            values[c] = Parameter(command, $"@p{c}", null);
            set.Add($"\"{columns[c].Name}\" = @p{c}");
        }
        var id = Parameter(command, "@id", null);
        var version = Parameter(command, "@version", null);
        command.CommandText = "UPDATE \"Mm4Transactions\" SET " + string.Join(", ", set) + " WHERE \"Id\" = @id AND \"Version\" = @version";
        return (command, values, id, version);
    }

    public static async Task DeleteAsync(DbContext db, IEnumerable<LedgerRow> rows, LedgerSnapshot readAt, CancellationToken ct)
    {
        var versionColumn = VersionColumn(db);
        await using var command = Command(db);
        var id = Parameter(command, "@id", null);
        var version = Parameter(command, "@version", null);
        command.CommandText = "DELETE FROM \"Mm4Transactions\" WHERE \"Id\" = @id AND \"Version\" = @version";
        foreach (var row in rows)
        {
            (id.Value, version.Value) = (row.Id, readAt[row][versionColumn]);
            if (await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) != 1)
                throw new DbUpdateConcurrencyException($"ledger row {row.Id} was changed by another writer since it was read");
        }
    }

    private static int VersionColumn(DbContext db) => Array.FindIndex(Columns(db), c => c.Name == nameof(LedgerRow.Version));

    private static DbCommand Command(DbContext db)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    private static DbParameter Parameter(DbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
        return p;
    }
}
