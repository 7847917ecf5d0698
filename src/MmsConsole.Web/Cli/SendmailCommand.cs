using MmsConsole.Web.Actions;
using MmsGateway.Registry.Audit;
using MmsGateway.Registry.Store;
using MmsGateway.Relay.Policy;

namespace MmsConsole.Web.Cli;

/// <summary>The command-line side of the migration from sendmail, on the same registry as the gateway
/// (a running gateway picks the change up within a second):
/// <c>MmsConsole.Web import --mailertable FILE --access FILE [--dry-run]</c> and
/// <c>MmsConsole.Web export --mailertable FILE --access FILE</c> ("-" for standard output).
/// Other arguments (--Gateway:DataDirectory, --ConnectionStrings:Registry) are configuration.</summary>
internal static class SendmailCommand
{
    public static bool Matches(string[] args) => CliVerb.At(args, "import", "export") >= 0;

    public static async Task<int> RunAsync(string[] args)
    {
        args = CliVerb.VerbFirst(args, CliVerb.At(args, "import", "export"));
        string? mailertable = null, access = null;
        var dryRun = false;
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--mailertable" when i + 1 < args.Length: mailertable = args[++i]; break;
                case "--access" when i + 1 < args.Length: access = args[++i]; break;
                case "--dry-run": dryRun = true; break;
                default: rest.Add(args[i]); break;
            }
        }
        if (mailertable is null && access is null)
        {
            await Console.Error.WriteLineAsync($"usage: {args[0]} --mailertable FILE --access FILE{(args[0] == "import" ? " [--dry-run]" : "")}");
            return 2;
        }
        var factory = await CliVerb.OpenRegistryAsync(rest);
        // Rules are built here too, so that an import the relay would refuse fails now, not there.
        var publisher = new RegistryPublisher(factory, new LiveRules(RulesSource.Empty), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<RegistryPublisher>.Instance);
        var store = new RegistryStore(factory, publisher, TimeProvider.System);

        if (args[0] == "export")
        {
            var (mt, am) = await store.ExportSendmailAsync();
            await WriteAsync(mailertable, mt);
            await WriteAsync(access, am);
            return 0;
        }
        string mtText, amText;
        try
        {
            mtText = mailertable is null ? "" : await File.ReadAllTextAsync(mailertable);
            amText = access is null ? "" : await File.ReadAllTextAsync(access);
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"import: {e.Message}");
            return 2;
        }
        // Recorded as the console's import is: the trail shows who changed the rules, whichever way.
        var actions = new RegistryActions(store, new ActionAudit(new AuditLog(factory, TimeProvider.System)));
        var report = await actions.ImportSendmailAsync(Actor.Cli(), mtText, amText, dryRun);
        foreach (var l in report.Mapped) Console.WriteLine($"mapped:   {l}");
        foreach (var l in report.Merged) Console.WriteLine($"merged:   {l}");
        foreach (var l in report.LeftOut) Console.WriteLine($"left out: {l}");
        Console.WriteLine(report);
        return 0;
    }

    private static async Task WriteAsync(string? path, string text)
    {
        if (path is null) return;
        if (path == "-") await Console.Out.WriteAsync(text);
        else await File.WriteAllTextAsync(path, text);
    }
}
