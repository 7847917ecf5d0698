using System.Diagnostics;
using MmsGateway.Testing;

namespace MmsConsole.Web.Tests.Api;

/// <summary>The command-line entry point of the migration, as an operator runs it next to a gateway.</summary>
public sealed class SendmailCommandTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(GatewayProcess.WebDll)! };
        psi.ArgumentList.Add(GatewayProcess.WebDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Import_reports_each_line_and_export_writes_the_maps_back()
    {
        using var dir = new TempDir();
        var mailertable = Path.Combine(dir.Path, "mailertable");
        var access = Path.Combine(dir.Path, "access");
        await File.WriteAllTextAsync(mailertable, "mms.mnc002.mcc238.gprs   smtp:[10.0.0.2]:[10.0.0.3]\n");
        await File.WriteAllTextAsync(access, "# operators we have an agreement with\nFrom:mms.mnc002.mcc238.gprs OK\nConnect:10.1.0.0/24 RELAY\n#From:mms.mnc009.mcc238.gprs OK\n");
        var data = Path.Combine(dir.Path, "data");

        var dry = await Run("--Gateway:DataDirectory", data, "import", "--mailertable", mailertable, "--access", access, "--dry-run");
        Assert.Equal(0, dry.Code);
        Assert.Contains("dry run, nothing saved", dry.Out);

        var import = await Run("import", "--mailertable", mailertable, "--access", access, "--Gateway:DataDirectory", data);
        Assert.True(import.Code == 0, import.Err);
        Assert.Contains("mapped:   mailertable:1 mms.mnc002.mcc238.gprs → operator \"MCC 238 MNC 002\", next hops [10.0.0.2] [10.0.0.3]", import.Out);
        Assert.Contains("merged:   access From:mms.mnc002.mcc238.gprs OK", import.Out);
        Assert.Contains("left out: access:4 '#From:mms.mnc009.mcc238.gprs OK': commented out", import.Out);
        Assert.Contains("1 operators, 0 own domains, 1 relay clients, 0 access entries", import.Out);

        var export = await Run("export", "--mailertable", "-", "--access", "-", "--Gateway:DataDirectory", data);
        Assert.Equal(0, export.Code);
        Assert.Contains("mms.mnc002.mcc238.gprs                  smtp:[10.0.0.2]:[10.0.0.3]", export.Out);
        Assert.Contains("Connect:10.1.0.0/24                      RELAY", export.Out);

        var missing = await Run("import", "--mailertable", Path.Combine(dir.Path, "nope"), "--Gateway:DataDirectory", data);
        Assert.Equal(2, missing.Code);
        Assert.Contains("nope", missing.Err);
    }
}
