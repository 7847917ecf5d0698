using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MmsGateway.Bench;

/// <summary>Records the SQL of each query EF runs, so that the bench can print SQLite's plan for it (which index
/// answers it): the figures only mean something when the plan is the intended one.</summary>
internal sealed class QueryPlans : DbCommandInterceptor
{
    private readonly List<(string Sql, (string Name, object? Value)[] Parameters)> _seen = [];

    public void Clear() { lock (_seen) _seen.Clear(); }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        lock (_seen) _seen.Add((command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value)).ToArray()));
        return ValueTask.FromResult(result);
    }

    /// <summary>SQLite's EXPLAIN QUERY PLAN of every query recorded since <see cref="Clear"/>, one line per step.</summary>
    public IEnumerable<string> Explain(string file)
    {
        List<(string Sql, (string Name, object? Value)[] Parameters)> seen;
        lock (_seen) seen = [.. _seen];
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
        connection.Open();
        foreach (var (sql, parameters) in seen)
        {
            using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
            foreach (var (name, value) in parameters) explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
            using var reader = explain.ExecuteReader();
            while (reader.Read()) yield return reader.GetString(3);
        }
    }
}
