namespace MmsConsole.Cli;

/// <summary>mm4ctl's entry: the gateway from MM4CTL_URL or --url (default http://127.0.0.1:5000), the
/// token from MM4CTL_TOKEN or --token (make one on the console's Users and tokens page, or with
/// <c>./run.sh token add NAME --role Operator</c>).</summary>
public static class Mm4Ctl
{
    public const string Usage = """
        usage: mm4ctl [--url URL] [--token TOKEN] [--node NAME] COMMAND
          (on a site of several gateways, list, flush, hold and release act on every node, each on what it holds;
           --node NAME aims at one of them, whichever gateway --url names)
          queue                                    recipients per operator and state (the fast mailq | wc -l)
          list  [SELECTION] [--all]                queued messages (50 unless --all)
          flush [SELECTION] --reason TEXT [--no-wait]  deliver now, and watch it (sendmail -qR ... -v); held mail stays held
          hold  [SELECTION] --reason TEXT          park: never attempted, never expired
          release [SELECTION] --reason TEXT        due now; a lifetime that ran out while held starts again
          operator list
          operator down NAME (--reject temp|perm | --hold) --reason TEXT [--text TEXT] [--hours N]
          operator up NAME --reason TEXT           releases and flushes held mail
          capture list
          capture start (--client ADDRESS | --operator DOMAIN) [--minutes N] --reason TEXT
          capture stop ID
          mm4 summary [--hours N]                  per operator: MM4 forwards sent, answered, missing, late, unmatched, RES latency, errors, reports, lint
          ledger [-R MSISDN] [-S MSISDN] [-I QUEUEID] [--msisdn N] [--tid ID] [--msgid ID] [--type T] [--operator NAME]
                 [--direction in|out|transit] [--state S] [--lint] [--since TIME] [--until TIME] [--all]
                                                   MM4 transactions, newest first (100 unless --all); MSISDNs with + or 00
          ledger show ID                           one transaction: REQ, hand-over, RES, delivery report
          nodes                                    the gateways sharing this one's registry: up or stale, queued, rules revision, version, API
        SELECTION, as sendmail: -R str (recipient), -S str (sender), -I id (queue id), -D domain, -T ready|deferred|held;
          negated with -!R str, -R '!str' or --not -R str; sendmail's -qRstr and -q!Rstr also work.
        exit codes: 0 done, 1 refused by the gateway, 2 usage, 3 gateway unreachable, 4 not signed in or not allowed
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<string, string?> environment,
        HttpMessageHandler? handler = null)
    {
        var rest = new List<string>();
        string? url = environment("MM4CTL_URL"), token = environment("MM4CTL_TOKEN"), node = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--url" && i + 1 < args.Length) url = args[++i];
            else if (args[i] == "--token" && i + 1 < args.Length) token = args[++i];
            else if (args[i] == "--node" && i + 1 < args.Length) node = args[++i];
            else if (args[i] is "-h" or "--help" or "help") { await output.WriteAsync(Usage); return ExitCodes.Ok; }
            else rest.Add(args[i]);
        }
        if (rest.Count == 0) return await UsageAsync(error, "no command");
        if (!Uri.TryCreate(url ?? "http://127.0.0.1:5000", UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
            return await UsageAsync(error, $"--url: '{url}' is not an http(s) URL");
        if (string.IsNullOrWhiteSpace(token))
            return await UsageAsync(error, "no token: set MM4CTL_TOKEN or pass --token (create one on the console's Users and tokens page)");

        using var api = GatewayApi.Create(baseAddress, token.Trim(), error, handler);
        var console = new Commands(api, output, error, string.IsNullOrWhiteSpace(node) ? null : node.Trim());
        var command = rest[0];
        var tail = rest.Skip(1).ToList();
        return command switch
        {
            "queue" => await console.QueueAsync(),
            "list" => await console.ListAsync(tail),
            "flush" => await console.FlushAsync(tail),
            "hold" or "release" => await console.HoldOrReleaseAsync(command, tail),
            "operator" => await console.OperatorAsync(tail),
            "capture" => await console.CaptureAsync(tail),
            "mm4" => await console.Mm4Async(tail),
            "ledger" => await console.LedgerAsync(tail),
            "nodes" => await console.NodesAsync(tail),
            _ => await UsageAsync(error, $"unknown command '{command}'"),
        };
    }

    internal static async Task<int> UsageAsync(TextWriter error, string problem)
    {
        await error.WriteLineAsync($"mm4ctl: {problem}");
        await error.WriteAsync(Usage);
        return ExitCodes.Usage;
    }
}
