using MmsGateway.Bench;

// Benchmarks that need the relay's insides; SMTP throughput against Postfix is bench/accept.py.
return args.FirstOrDefault() switch
{
    "queue-scale" => await QueueScale.RunAsync(args.Skip(1).ToArray()),
    "flush-latency" => await FlushLatency.RunAsync(args.Skip(1).ToArray()),
    "hub-clients" => await HubClients.RunAsync(args.Skip(1).ToArray()),
    "data-memory" => await DataMemory.RunAsync(args.Skip(1).ToArray()),
    "search-latency" => await SearchLatency.RunAsync(args.Skip(1).ToArray()),
    "queue-pages" => await QueuePages.RunAsync(args.Skip(1).ToArray()),
    "ledger-scale" => await LedgerScale.RunAsync(args.Skip(1).ToArray()),
    "ledger-cost" => await LedgerCost.RunAsync(args.Skip(1).ToArray()),
    "rule-propagation" => await RulePropagation.RunAsync(args.Skip(1).ToArray()),
    "site-accept" => await SiteBench.AcceptAsync(args.Skip(1).ToArray()),
    "site-queue-page" => await SiteBench.QueuePageAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: MmsGateway.Bench queue-scale [--messages N] [--dir DIR]");
    Console.Error.WriteLine("       MmsGateway.Bench flush-latency [--deferred N]");
    Console.Error.WriteLine("       MmsGateway.Bench data-memory [--sessions 200] [--size 20000000] [--budget BYTES]   (gateway binary built in Release)");
    Console.Error.WriteLine("       MmsGateway.Bench search-latency [--messages 1000000] [--seconds 20] [--clients 5] [--think-ms 1000]");
    Console.Error.WriteLine("       MmsGateway.Bench queue-pages [--messages 200000] [--pages 5] [--seconds 20]   (gateway binary built in Release; Debian's chromium)");
    Console.Error.WriteLine("       MmsGateway.Bench ledger-scale [--rows 3600000] [--hours 24] [--runs 20]   (about 3 GB under /var/tmp)");
    Console.Error.WriteLine("       MmsGateway.Bench ledger-cost [--messages 20000] [--warmup 5000] [--sessions 10] [--size 4096] [--reps 3]   (MMSGW_WEB_DLL: a ReadyToRun publish)");
    Console.Error.WriteLine("       MmsGateway.Bench rule-propagation [--changes 100]   (two gateway processes on a throwaway PostgreSQL; Debian's postgresql)");
    Console.Error.WriteLine("       MmsGateway.Bench site-accept [--messages 10000] [--sessions 10] [--reps 3]   (one gateway, then two, each fed by Postfix's smtp-source; PostgreSQL)");
    Console.Error.WriteLine("       MmsGateway.Bench site-queue-page [--messages 100000] [--runs 20]   (merged queue listing and console page over two nodes; chromium)");
    Console.Error.WriteLine("       MmsGateway.Bench hub-clients --url URL --token TOKEN [--clients N] [--seconds S]   (until stdin closes or S pass)");
    return 2;
}
