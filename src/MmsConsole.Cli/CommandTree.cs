using System.CommandLine;

namespace MmsConsole.Cli;

/// <summary>mm4ctl's verbs, options, help and completion on System.CommandLine. Queue selections stay as a
/// sendmail user types them (-R str, -!R str, --not -R str, -qRstr, -q!Rstr): they are taken in order, as the
/// command's SELECTION argument, and read by <see cref="Selection"/>, because negation depends on order.</summary>
internal static class CommandTree
{
    /// <summary>Runs a verb against the gateway the global options (or the environment) name.</summary>
    public delegate Task<int> Run(ParseResult parsed, Func<Commands, Task<int>> verb);

    public const string SelectionHelp =
        "as sendmail: -R str (recipient), -S str (sender), -I id (queue id), -D domain, -T ready|deferred|held; " +
        "negated with -!R str, -R '!str' or --not -R str; sendmail's -qRstr and -q!Rstr also work";

    public static readonly Option<string?> Url = new("--url") { Description = "the gateway (else MM4CTL_URL, else http://127.0.0.1:5000)", Recursive = true };
    public static readonly Option<string?> Token = new("--token") { Description = "an API token (else MM4CTL_TOKEN)", Recursive = true };
    public static readonly Option<string?> Node = new("--node")
    {
        Description = "on a site of several gateways, act on this node only (else list, flush, hold and release act on every node)",
        Recursive = true,
    };

    public static RootCommand Build(Run run)
    {
        var root = new RootCommand(
            "mm4ctl: the MM4 gateway from the shell, over its HTTP API.\n" +
            "Exit codes: 0 done, 1 refused by the gateway, 2 usage, 3 gateway unreachable, 4 not signed in or not allowed.")
        {
            Url, Token, Node,
        };

        var queue = new Command("queue", "recipients per operator and state (the fast mailq | wc -l)");
        queue.SetAction((r, _) => run(r, c => c.QueueAsync()));

        var listSelection = SelectionArgument();
        var all = new Option<bool>("--all") { Description = "every message, not the first 50" };
        var list = new Command("list", "queued messages") { listSelection, all };
        list.SetAction((r, _) => run(r, c => c.ListAsync(r.GetValue(listSelection) ?? [], r.GetValue(all))));

        var flushSelection = SelectionArgument();
        var flushReason = Reason();
        var noWait = new Option<bool>("--no-wait") { Description = "start it and return, without watching it run" };
        var flush = new Command("flush", "deliver now and watch it run (sendmail -qR ... -v); held mail stays held") { flushSelection, flushReason, noWait };
        flush.SetAction((r, _) => run(r, c => c.FlushAsync(r.GetValue(flushSelection) ?? [], r.GetValue(flushReason), !r.GetValue(noWait))));

        root.Subcommands.Add(queue);
        root.Subcommands.Add(list);
        root.Subcommands.Add(flush);
        foreach (var (verb, help) in new[] { ("hold", "park: never attempted, never expired"), ("release", "due now; a lifetime that ran out while held starts again") })
        {
            var selection = SelectionArgument();
            var reason = Reason();
            var command = new Command(verb, help) { selection, reason };
            command.SetAction((r, _) => run(r, c => c.HoldOrReleaseAsync(verb, r.GetValue(selection) ?? [], r.GetValue(reason))));
            root.Subcommands.Add(command);
        }
        root.Subcommands.Add(OperatorCommand(run));
        root.Subcommands.Add(CaptureCommand(run));
        root.Subcommands.Add(Mm4Command(run));
        root.Subcommands.Add(LedgerCommand(run));

        var nodes = new Command("nodes", "the gateways sharing this one's registry: up or stale, queued, rules revision, version, API");
        nodes.SetAction((r, _) => run(r, c => c.NodesAsync()));
        root.Subcommands.Add(nodes);
        return root;
    }

    private static Argument<string[]> SelectionArgument() => new("SELECTION") { Arity = ArgumentArity.ZeroOrMore, Description = SelectionHelp };

    private static Option<string?> Reason() => new("--reason") { Description = "why (required: it goes to the audit trail, as on the console)" };

    private static Command OperatorCommand(Run run)
    {
        var list = new Command("list", "operators, their status and domains");
        list.SetAction((r, _) => run(r, c => c.OperatorListAsync()));

        var downName = new Argument<string>("NAME") { Description = "the operator's name or one of its domains" };
        var reject = new Option<string?>("--reject") { Description = "refuse its mail at RCPT: temp (4xx) or perm (5xx)" };
        reject.AcceptOnlyFromAmong("temp", "temporary", "perm", "permanent");
        var hold = new Option<bool>("--hold") { Description = "accept its mail and park it until it is up (never expired)" };
        var downReason = Reason();
        var text = new Option<string?>("--text") { Description = "the text senders are given" };
        var hours = new Option<double?>("--hours") { Description = "back to active after this many hours" };
        var down = new Command("down", "mark an operator down: --reject temp|perm or --hold") { downName, reject, hold, downReason, text, hours };
        down.SetAction((r, _) => run(r, c => c.OperatorDownAsync(r.GetValue(downName)!, r.GetValue(reject), r.GetValue(hold), r.GetValue(downReason),
            r.GetValue(text), r.GetValue(hours))));

        var upName = new Argument<string>("NAME") { Description = "the operator's name or one of its domains" };
        var upReason = Reason();
        var up = new Command("up", "bring an operator back: releases and flushes its held mail") { upName, upReason };
        up.SetAction((r, _) => run(r, c => c.OperatorUpAsync(r.GetValue(upName)!, r.GetValue(upReason))));

        return new Command("operator", "operators: list, down, up") { list, down, up };
    }

    private static Command CaptureCommand(Run run)
    {
        var list = new Command("list", "traffic captures, running and ended");
        list.SetAction((r, _) => run(r, c => c.CaptureListAsync()));

        var client = new Option<string?>("--client") { Description = "an inbound client's address" };
        var domain = new Option<string?>("--operator") { Description = "an outbound destination domain" };
        var minutes = new Option<double?>("--minutes") { Description = "how long (it stops by itself)" };
        var reason = Reason();
        var start = new Command("start", "record one peer's SMTP dialogue: --client ADDRESS or --operator DOMAIN") { client, domain, minutes, reason };
        start.SetAction((r, _) => run(r, c => c.CaptureStartAsync(r.GetValue(client), r.GetValue(domain), r.GetValue(minutes), r.GetValue(reason))));

        var id = new Argument<int>("ID") { Description = "the capture's number (mm4ctl capture list)" };
        var stop = new Command("stop", "stop a capture now") { id };
        stop.SetAction((r, _) => run(r, c => c.CaptureStopAsync(r.GetValue(id))));

        return new Command("capture", "traffic captures: list, start, stop") { list, start, stop };
    }

    private static Command Mm4Command(Run run)
    {
        var hours = new Option<int>("--hours") { Description = "the window, 1 to 744 hours", DefaultValueFactory = _ => 1 };
        var summary = new Command("summary", "per operator: MM4 forwards sent, answered, missing, late, unmatched, RES latency, errors, reports, lint") { hours };
        summary.SetAction((r, _) => run(r, c => c.Mm4SummaryAsync(r.GetValue(hours))));
        return new Command("mm4", "MM4 transactions: summary") { summary };
    }

    private static Command LedgerCommand(Run run)
    {
        var terms = new Argument<string[]>("SEARCH")
        {
            Arity = ArgumentArity.ZeroOrMore,
            Description = "-R MSISDN (recipient), -S MSISDN (sender), -I QUEUEID, as sendmail's flags (also -R+4512, -qR+4512); no negation",
        };
        var options = new (Option<string?> Option, string Parameter)[]
        {
            (new Option<string?>("--recipient") { Description = "the recipient's MSISDN (as -R)" }, "recipient"),
            (new Option<string?>("--sender") { Description = "the sender's MSISDN (as -S)" }, "sender"),
            (new Option<string?>("--queue-id") { Description = "the queue id (as -I)" }, "queueId"),
            (new Option<string?>("--msisdn") { Description = "either party, with + or 00" }, "msisdn"),
            (new Option<string?>("--tid", "--transaction-id") { Description = "X-Mms-Transaction-ID" }, "transactionId"),
            (new Option<string?>("--msgid", "--message-id") { Description = "X-Mms-Message-ID" }, "messageId"),
            (new Option<string?>("--type") { Description = "MM4 message type" }, "type"),
            (new Option<string?>("--operator") { Description = "the partner operator" }, "operator"),
            (new Option<string?>("--direction") { Description = "in, out or transit" }, "direction"),
            (new Option<string?>("--state") { Description = "the transaction's state" }, "state"),
            (new Option<string?>("--since") { Description = "from this time" }, "from"),
            (new Option<string?>("--until") { Description = "up to this time" }, "to"),
        };
        var lint = new Option<bool>("--lint") { Description = "only transactions with lint findings" };
        var all = new Option<bool>("--all") { Description = "every match, not the newest 100" };
        var ledger = new Command("ledger", "MM4 transactions, newest first (100 unless --all)") { terms, lint, all };
        foreach (var (option, _) in options) ledger.Options.Add(option);
        ledger.SetAction((r, _) => run(r, c => c.LedgerAsync(r.GetValue(terms) ?? [],
            [.. options.Select(o => (o.Parameter, r.GetValue(o.Option))).Where(o => o.Item2 is not null).Select(o => (o.Parameter, o.Item2!))],
            r.GetValue(lint), r.GetValue(all))));

        var id = new Argument<long>("ID") { Description = "the row id (the first column of mm4ctl ledger)" };
        var show = new Command("show", "one transaction: REQ, hand-over, RES, delivery report") { id };
        show.SetAction((r, _) => run(r, c => c.LedgerShowAsync(r.GetValue(id))));
        ledger.Subcommands.Add(show);
        return ledger;
    }
}
