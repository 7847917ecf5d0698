using System.Diagnostics;
using Npgsql;

namespace MmsGateway.Testing;

/// <summary>A throwaway PostgreSQL cluster from Debian's <c>postgresql</c> package (test.sh installs it): initdb into a
/// private directory, pg_ctl start listening on a Unix socket in that directory only (no TCP port to pick), one database
/// per test, removed when the test process ends. Durability is off: these clusters hold nothing worth an fsync.</summary>
public sealed class PostgresCluster : IDisposable
{
    private const int Port = 5432;   // names the socket file only: the directory is ours
    private static readonly Lazy<PostgresCluster> SharedCluster = new(() => new PostgresCluster());
    private readonly string _bin;
    private readonly bool _asPostgresUser;
    private int _stopped;

    /// <summary>One cluster for the whole test process, started on first use.</summary>
    public static PostgresCluster Shared => SharedCluster.Value;

    /// <summary>A cluster of its own, for a test that stops it (an outage); the caller disposes it.</summary>
    public static PostgresCluster StartPrivate() => new();

    private PostgresCluster()
    {
        _bin = FindBin();
        _asPostgresUser = Environment.UserName == "root";   // initdb refuses to run as root
        RemoveOrphans();
        Dir = Path.Combine(Path.GetTempPath(), $"mmsgw-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(Dir);
        if (_asPostgresUser) Run("chown", ["postgres:", Dir]);
        Pg("initdb", ["-D", DataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
        Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopDetached();
    }

    public string Dir { get; }

    private string DataDir => Path.Combine(Dir, "data");

    /// <summary>A connection string to <paramref name="database"/> over the cluster's socket.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = Dir, Port = Port, Username = "postgres", Database = database }.ConnectionString;

    /// <summary>A new empty database; its connection string. It collates text linguistically (ICU en-US), as a
    /// production database usually does, so that code relying on byte order (SQLite's) fails here too.</summary>
    public string CreateDatabase()
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..16];
        Admin($"CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'");
        return ConnectionString(name);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabase"/>, ending its sessions (pooled ones included).</summary>
    public void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        try { Admin($"DROP DATABASE IF EXISTS {name} WITH (FORCE)"); }
        catch (NpgsqlException) { }   // the cluster is going away anyway
    }

    /// <summary>Stops the server (fast shutdown: sessions are cut), as an outage.</summary>
    public void Stop() => Pg("pg_ctl", ["stop", "-D", DataDir, "-m", "fast", "-w"]);

    public void Start() => Pg("pg_ctl", ["start", "-D", DataDir, "-w", "-t", "60", "-l", Path.Combine(Dir, "server.log"), "-o",
        $"-c listen_addresses='' -k {Dir} -p {Port} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400"]);

    private void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        try { Pg("pg_ctl", ["stop", "-D", DataDir, "-m", "immediate", "-w"]); }
        catch (InvalidOperationException) { }
        try { Directory.Delete(Dir, recursive: true); }
        catch (IOException) { }
    }

    // The test runner kills the test host soon after its exit handlers start: a stop and delete run in the handler were
    // cut off during pg_ctl (seen every run), leaving the cluster's directory behind. A shell in its own session
    // outlives the host and finishes both.
    private void StopDetached()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        var pgCtl = Path.Combine(_bin, "pg_ctl");
        var stop = _asPostgresUser ? $"runuser -u postgres -- '{pgCtl}'" : $"'{pgCtl}'";
        var start = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var a in (string[])["sh", "-c", $"exec </dev/null >/dev/null 2>&1; {stop} stop -D '{DataDir}' -m immediate -w; rm -rf '{Dir}'"])
            start.ArgumentList.Add(a);
        try { Process.Start(start)?.Dispose(); }
        catch (System.ComponentModel.Win32Exception) { }   // no setsid: the next run's RemoveOrphans sweeps it
    }

    // A test process killed before its exit handler leaves its cluster running: the next one stops it.
    private void RemoveOrphans()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "mmsgw-pg-*"))
        {
            var parts = Path.GetFileName(dir).Split('-');
            if (parts.Length < 4 || !int.TryParse(parts[2], out var pid) || Alive(pid)) continue;
            var data = Path.Combine(dir, "data");
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
                try { Pg("pg_ctl", ["stop", "-D", data, "-m", "immediate", "-w"]); } catch (InvalidOperationException) { }
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static bool Alive(int pid)
    {
        try { using var p = Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
    }

    private void Pg(string tool, string[] args)
    {
        var path = Path.Combine(_bin, tool);
        if (_asPostgresUser) Run("runuser", ["-u", "postgres", "--", path, .. args]);
        else Run(path, args);
    }

    private static void Run(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(90))) { p.Kill(); throw new InvalidOperationException($"{file} did not finish in 90 s"); }
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {stderr.Result}{stdout.Result}");
    }

    // Debian installs the server binaries off PATH, one directory per major version; the newest wins.
    private static string FindBin()
    {
        var configured = Environment.GetEnvironmentVariable("MMSGW_PG_BIN");
        if (!string.IsNullOrEmpty(configured)) return configured;
        var found = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0).FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb): test.sh installs Debian's postgresql package; or set MMSGW_PG_BIN");
    }
}
