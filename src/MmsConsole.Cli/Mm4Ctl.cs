using System.CommandLine;

namespace MmsConsole.Cli;

/// <summary>mm4ctl's entry: the gateway from MM4CTL_URL or --url (default http://127.0.0.1:5000), the
/// token from MM4CTL_TOKEN or --token (make one on the console's Users and tokens page, or with
/// <c>./run.sh token add NAME --role Operator</c>). Verbs and help: <see cref="CommandTree"/>.</summary>
public static class Mm4Ctl
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<string, string?> environment,
        HttpMessageHandler? handler = null)
    {
        if (args is ["help", .. var about]) args = [.. about, "--help"];
        // Tables and a live progress bar for a person at a terminal; plain lines for a pipe, a log or a test.
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var root = CommandTree.Build((parsed, verb) => RunVerbAsync(parsed, verb, output, error, environment, handler, terminal));
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors) await error.WriteLineAsync($"mm4ctl: {e.Message}");
            await error.WriteLineAsync(Hint(parsed));
            return ExitCodes.Usage;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    private static async Task<int> RunVerbAsync(ParseResult parsed, Func<Commands, Task<int>> verb, TextWriter output, TextWriter error,
        Func<string, string?> environment, HttpMessageHandler? handler, bool terminal)
    {
        var url = parsed.GetValue(CommandTree.Url) ?? environment("MM4CTL_URL");
        var token = parsed.GetValue(CommandTree.Token) ?? environment("MM4CTL_TOKEN");
        var node = parsed.GetValue(CommandTree.Node);
        if (!Uri.TryCreate(url ?? "http://127.0.0.1:5000", UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
            return await UsageAsync(error, $"--url: '{url}' is not an http(s) URL");
        if (string.IsNullOrWhiteSpace(token))
            return await UsageAsync(error, "no token: set MM4CTL_TOKEN or pass --token (create one on the console's Users and tokens page)");
        using var api = GatewayApi.Create(baseAddress, token.Trim(), error, handler);
        return await verb(new Commands(api, output, error, string.IsNullOrWhiteSpace(node) ? null : node.Trim(), terminal));
    }

    /// <summary>A usage error found after parsing (a missing --reason, two exclusive options): exit code 2.</summary>
    internal static async Task<int> UsageAsync(TextWriter error, string problem)
    {
        await error.WriteLineAsync($"mm4ctl: {problem}");
        await error.WriteLineAsync("see mm4ctl --help, or mm4ctl COMMAND --help");
        return ExitCodes.Usage;
    }

    private static string Hint(ParseResult parsed)
    {
        var path = new List<string>();
        for (var c = parsed.CommandResult; c is not null; c = c.Parent as System.CommandLine.Parsing.CommandResult)
            if (c.Command is not RootCommand) path.Insert(0, c.Command.Name);
        return $"see mm4ctl {string.Join(' ', path.Append("--help"))}";
    }
}
