using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MmsGateway.Testing;

namespace MmsGateway.Bench;

/// <summary>Memory of the gateway process while N sessions each send a maximum-size message at once:
/// the gateway binary as a child process, its VmRSS sampled every 20 ms and its peak (VmHWM) at the end.
/// Sessions come from four loopback addresses (the per-address limit is 50).</summary>
internal static class DataMemory
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sessions = Arg(args, "--sessions", 200);
        var size = Arg(args, "--size", 20_000_000);
        var budget = args.SkipWhile(a => a != "--budget").Skip(1).FirstOrDefault();   // bytes; default: the gateway's own
        using var dir = new TempDir();
        var extra = new List<string> { "--Gateway:Smtp:MaxConnections", (sessions + 10).ToString(), "--Gateway:Smtp:MaxMessageSize", (size + 100_000).ToString() };
        if (budget is not null) extra.AddRange(["--Gateway:Smtp:DataMemoryBudget", budget]);
        await using var gw = await GatewayProcess.StartAsync(dir.Path, extra);
        var idle = Rss(gw.Id);

        var message = Message(size);
        long peak = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, Rss(gw.Id));
                await Task.Delay(20);
            }
        });
        var clock = Stopwatch.StartNew();
        var replies = await Task.WhenAll(Enumerable.Range(0, sessions).Select(i => SendAsync(gw.Smtp, IPAddress.Parse($"127.0.0.{1 + i % 4}"), message)));
        var elapsed = clock.Elapsed;
        await stop.CancelAsync();
        await sampler;

        var accepted = replies.Count(r => r.StartsWith("250", StringComparison.Ordinal));
        var deferred = replies.Count(r => r.StartsWith("451 4.3.1", StringComparison.Ordinal));
        Console.WriteLine($"{sessions} sessions x {size:N0} bytes at once, budget {(budget is null ? "default (256 MiB)" : budget + " bytes")}, {elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"  accepted (250) {accepted}   refused for memory (451 4.3.1) {deferred}   other {sessions - accepted - deferred}");
        foreach (var other in replies.Where(r => !r.StartsWith("250", StringComparison.Ordinal) && !r.StartsWith("451 4.3.1", StringComparison.Ordinal)).Distinct().Take(3))
            Console.WriteLine($"    {other}");
        Console.WriteLine($"  gateway RSS idle {idle / 1048576.0:F0} MiB   peak sampled {peak / 1048576.0:F0} MiB   VmHWM {Hwm(gw.Id) / 1048576.0:F0} MiB");
        return 0;
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
    }

    private static byte[] Message(int size)
    {
        var text = new StringBuilder("X-Mms-Message-Type: MM4_forward.REQ\r\nTo: +4512345678/TYPE=PLMN\r\n\r\n");
        var line = new string('x', 998) + "\r\n";
        while (text.Length + line.Length < size) text.Append(line);
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private static async Task<string> SendAsync(IPEndPoint gateway, IPAddress from, byte[] message)
    {
        try
        {
            await using var c = await RawSmtp.ConnectAsync(gateway, from);
            await c.ReadReplyAsync(TimeSpan.FromMinutes(1));
            await c.CommandAsync("EHLO bench.example");
            foreach (var command in new[] { "MAIL FROM:<+4587654321/TYPE=PLMN@mms.mnc001.mcc238.gprs>", "RCPT TO:<+4512345678/TYPE=PLMN@mms.mnc002.mcc238.gprs>", "DATA" })
            {
                var reply = await c.CommandAsync(command);
                if (reply[0] is not ('2' or '3')) return reply;
            }
            for (var at = 0; at < message.Length; at += 64 * 1024)
                await c.SendAsync(message[at..Math.Min(message.Length, at + 64 * 1024)]);
            await c.SendAsync(".\r\n");
            return await c.ReadReplyAsync(TimeSpan.FromMinutes(5));
        }
        catch (Exception e) when (e is IOException or SocketException) { return "connection: " + e.Message; }
    }

    private static long Rss(int pid) => Status(pid, "VmRSS:");

    private static long Hwm(int pid) => Status(pid, "VmHWM:");

    private static long Status(int pid, string key)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[key.Length..].Trim().Split(' ')[0]) * 1024;
        }
        catch (IOException) { return 0; }
    }
}
