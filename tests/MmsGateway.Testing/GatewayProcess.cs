using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace MmsGateway.Testing;

/// <summary>The real gateway binary (src/MmsConsole.Web) as a child process, for what only a separate
/// process can show: SIGKILL at a random moment, SIGTERM handling, start-up errors.</summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private IPEndPoint? _smtp;
    private Uri? _web;

    private GatewayProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The SMTP endpoint it bound, from its ready file.</summary>
    public IPEndPoint Smtp => _smtp ?? throw new InvalidOperationException("the gateway has not reported ready");

    /// <summary>The console and API it bound, from its ready file.</summary>
    public Uri Web => _web ?? throw new InvalidOperationException("the gateway has not reported ready");

    public int Id => _process.Id;

    public string Output { get { lock (_output) return _output.ToString(); } }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits for the exit and for the last of its output (HasExited can be true before that is read).</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        try { await _process.WaitForExitAsync(cts.Token); return true; }
        catch (OperationCanceledException) { return false; }
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>The gateway's dll: MMSGW_WEB_DLL when set (a benchmark runs the ReadyToRun publish, as production
    /// does), else the build output of this configuration.</summary>
    public static string WebDll
    {
        get
        {
            if (Environment.GetEnvironmentVariable("MMSGW_WEB_DLL") is { Length: > 0 } published) return published;
#if DEBUG
            const string configuration = "Debug";
#else
            const string configuration = "Release";
#endif
            return Path.Combine(RepoRoot.Path, "src", "MmsConsole.Web", "bin", configuration, "net10.0", "MmsConsole.Web.dll");
        }
    }

    /// <summary>Starts the gateway on ports the kernel picks (SMTP and HTTP both bind port 0, so no other
    /// test can take them between a choice and a bind) and waits until the whole host has started: its
    /// ready file names what it bound (unless <paramref name="waitReady"/> is false: a start meant to fail).</summary>
    public static async Task<GatewayProcess> StartAsync(string dataDirectory, IEnumerable<string>? extraArgs = null, bool waitReady = true)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(WebDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Directory.CreateDirectory(dataDirectory);
        // Each gateway its own home, as each node of a site is its own machine: nothing may be shared through
        // ~ (ASP.NET's default key ring directory was; two nodes must share theirs through the registry).
        psi.Environment["HOME"] = dataDirectory;
        var ready = Path.Combine(dataDirectory, "ready.json");
        File.Delete(ready);   // left by a gateway killed before
        foreach (var a in new[] { WebDll, "--urls", "http://127.0.0.1:0", "--Gateway:DataDirectory", dataDirectory,
                     "--Gateway:Smtp:Listen:0", "127.0.0.1:0", "--Gateway:Smtp:Hostname", TestGateway.Hostname,
                     "--Gateway:Spool:MinFreeBytes", "0", "--Gateway:ReadyFile", ready, "--Logging:LogLevel:Default", "Warning" })
            psi.ArgumentList.Add(a);
        var extra = extraArgs?.ToList() ?? [];
        // Without routes of its own, a child accepts for every domain and only queues (as TestGateway).
        if (!extra.Any(a => a.StartsWith("--Gateway:Routes", StringComparison.OrdinalIgnoreCase)))
            extra.InsertRange(0, ["--Gateway:Routes:.", TestGateway.NowhereHop, "--Gateway:Delivery:Enabled", "false"]);
        foreach (var a in extra) psi.ArgumentList.Add(a);
        var gw = new GatewayProcess(Process.Start(psi)!);
        try
        {
            if (waitReady) await gw.WaitReadyAsync(ready, TimeSpan.FromSeconds(60));
        }
        catch
        {
            await gw.DisposeAsync();   // a start that hung must not leave its process behind the failed test
            throw;
        }
        return gw;
    }

    /// <summary>Runs a command-line verb of the gateway binary (user, token, import, ...) on
    /// <paramref name="dataDirectory"/>; returns its exit code and standard output.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunCliAsync(string dataDirectory, string? input, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(WebDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in (string[])[WebDll, .. args, "--Gateway:DataDirectory", dataDirectory]) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        if (input is not null) await p.StandardInput.WriteLineAsync(input);
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await output, await error);
    }

    // Positive: the file appears when the host has started. A stale one (a killed gateway's) names another pid.
    private async Task WaitReadyAsync(string path, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < within)
        {
            if (_process.HasExited) throw new InvalidOperationException($"gateway exited with {_process.ExitCode}:\n{Output}");
            if (File.Exists(path))
            {
                using var ready = JsonDocument.Parse(await File.ReadAllTextAsync(path));
                var root = ready.RootElement;
                if (root.GetProperty("pid").GetInt32() == _process.Id)
                {
                    _smtp = IPEndPoint.Parse(root.GetProperty("smtp")[0].GetString()!);
                    _web = new Uri(root.GetProperty("http")[0].GetString()!);
                    return;
                }
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"gateway did not start within {within}:\n{Output}");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);

    /// <summary>SIGKILL: no chance to flush or close anything.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as systemd or docker stop send it; returns whether it exited within <paramref name="within"/>.</summary>
    public async Task<bool> TerminateAsync(TimeSpan within)
    {
        SysKill(_process.Id, 15);
        using var cts = new CancellationTokenSource(within);
        try { await _process.WaitForExitAsync(cts.Token); return true; }
        catch (OperationCanceledException) { return false; }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
