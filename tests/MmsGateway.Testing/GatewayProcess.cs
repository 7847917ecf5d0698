using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace MmsGateway.Testing;

/// <summary>The real gateway binary (src/MmsConsole.Web) as a child process, for what only a separate
/// process can show: SIGKILL at a random moment, SIGTERM handling, start-up errors.</summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private GatewayProcess(Process process, IPEndPoint smtp, Uri web)
    {
        _process = process;
        Smtp = smtp;
        Web = web;
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public IPEndPoint Smtp { get; }

    public Uri Web { get; }

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

    public static string WebDll
    {
        get
        {
#if DEBUG
            const string configuration = "Debug";
#else
            const string configuration = "Release";
#endif
            return Path.Combine(RepoRoot.Path, "src", "MmsConsole.Web", "bin", configuration, "net10.0", "MmsConsole.Web.dll");
        }
    }

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>Starts the gateway and waits until the whole host has started, i.e. /healthz answers
    /// (unless <paramref name="waitReady"/> is false).</summary>
    public static async Task<GatewayProcess> StartAsync(string dataDirectory, int smtpPort, IEnumerable<string>? extraArgs = null, bool waitReady = true)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(WebDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var web = new Uri($"http://127.0.0.1:{FreePort()}");
        foreach (var a in new[] { WebDll, "--urls", web.ToString().TrimEnd('/'), "--Gateway:DataDirectory", dataDirectory,
                     "--Gateway:Smtp:Listen:0", $"127.0.0.1:{smtpPort}", "--Gateway:Smtp:Hostname", TestGateway.Hostname,
                     "--Gateway:Spool:MinFreeBytes", "0", "--Logging:LogLevel:Default", "Warning" })
            psi.ArgumentList.Add(a);
        var extra = extraArgs?.ToList() ?? [];
        // Without routes of its own, a child accepts for every domain and only queues (as TestGateway).
        if (!extra.Any(a => a.StartsWith("--Gateway:Routes", StringComparison.OrdinalIgnoreCase)))
            extra.InsertRange(0, ["--Gateway:Routes:.", TestGateway.NowhereHop, "--Gateway:Delivery:Enabled", "false"]);
        foreach (var a in extra) psi.ArgumentList.Add(a);
        var gw = new GatewayProcess(Process.Start(psi)!, new IPEndPoint(IPAddress.Loopback, smtpPort), web);
        if (waitReady) await gw.WaitReadyAsync(TimeSpan.FromSeconds(60));
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

    private async Task WaitReadyAsync(TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (clock.Elapsed < within)
        {
            if (_process.HasExited) throw new InvalidOperationException($"gateway exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync(new Uri(Web, "/healthz"))).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(50);
        }
        throw new TimeoutException($"gateway did not listen on {Smtp} within {within}:\n{Output}");
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
