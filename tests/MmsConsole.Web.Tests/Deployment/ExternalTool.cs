using System.Diagnostics;

namespace MmsConsole.Web.Tests.Deployment;

/// <summary>Runs a tool the suite checks files with (docker-compose, npx, promtool): exit code and everything it printed.</summary>
internal static class ExternalTool
{
    public static (int Code, string Output) Run(string file, IEnumerable<string> args, string workingDirectory, Action<ProcessStartInfo>? prepare = null)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        prepare?.Invoke(psi);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3))) { p.Kill(); throw new TimeoutException($"{file} did not finish"); }
        return (p.ExitCode, output.Result + error.Result);
    }
}
