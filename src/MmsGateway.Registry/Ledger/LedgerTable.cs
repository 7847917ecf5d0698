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

    private static Column[] Columns(DbContext db) => _columns ??= db.Model.FindEntityType(typeof(LedgerRow))!.GetProperties()
        .Where(p => !p.IsPrimaryKey()).Select(Map).ToArray();

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
        var columns = Columns(db);
        var rows = new List<LedgerRow>();
        var select = "SELECT \"Id\", " + string.Join(", ", columns.Select(c => $"\"{c.Name}\"")) + " FROM \"Mm4Transactions\" WHERE \"" + column + "\" IN (";
        foreach (var chunk in keys.Chunk(KeysPerSelect))
        {
            await using var command = Command(db);
            command.CommandText = select + string.Join(", ", chunk.Select((k, i) => Parameter(command, $"@k{i}", k).ParameterName)) + ")";
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

    /// <summary>Writes each changed row whole, if nobody changed it since it was read (its Version then): another
    /// gateway that did fails this batch, which is applied again on fresh rows.</summary>
    public static async Task UpdateAsync(DbContext db, IEnumerable<LedgerRow> rows, IReadOnlyDictionary<LedgerRow, int> readAt, CancellationToken ct)
    {
        var columns = Columns(db);
        await using var command = Command(db);
        var values = columns.Select((_, i) => Parameter(command, $"@p{i}", null)).ToArray();
        var id = Parameter(command, "@id", null);
        var version = Parameter(command, "@version", null);
        command.CommandText = "UPDATE \"Mm4Transactions\" SET " + string.Join(", ", columns.Select((c, i) => $"\"{c.Name}\" = {values[i].ParameterName}"))
            + " WHERE \"Id\" = @id AND \"Version\" = @version";
        foreach (var row in rows)
        {
            for (var c = 0; c < columns.Length; c++) values[c].Value = columns[c].Read(row) ?? DBNull.Value;
            (id.Value, version.Value) = (row.Id, readAt[row]);
            if (await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) != 1)
                throw new DbUpdateConcurrencyException($"ledger row {row.Id} was changed by another writer since it was read");
        }
    }

    public static async Task DeleteAsync(DbContext db, IEnumerable<LedgerRow> rows, IReadOnlyDictionary<LedgerRow, int> readAt, CancellationToken ct)
    {
        await using var command = Command(db);
        var id = Parameter(command, "@id", null);
        var version = Parameter(command, "@version", null);
        command.CommandText = "DELETE FROM \"Mm4Transactions\" WHERE \"Id\" = @id AND \"Version\" = @version";
        foreach (var row in rows)
        {
            (id.Value, version.Value) = (row.Id, readAt[row]);
            if (await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) != 1)
                throw new DbUpdateConcurrencyException($"ledger row {row.Id} was changed by another writer since it was read");
        }
    }

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
