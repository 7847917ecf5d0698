using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MmsGateway.Relay.Control;
using MmsGateway.Testing;
using Xunit.Abstractions;

namespace MmsGateway.Relay.IntegrationTests.Durability;

public sealed partial class CrashTests(ITestOutputHelper output)
{
    private const int Kills = 5;
    private const int Senders = 4;

    [Fact]
    public async Task Every_message_answered_250_survives_repeated_SIGKILL_exactly_once()
    {
        using var dir = new TempDir();

        var (acked, attempted) = await SendThroughKillsAsync(dir.Path, []);

        await using var inspector = await TestGateway.StartAsync(dir.Path);
        var found = CountMarkers(inspector.Control);
        var lost = acked.Where(m => !found.ContainsKey(m)).ToList();
        var duplicated = found.Where(f => f.Value > 1).Select(f => f.Key).ToList();
        var unackedButQueued = found.Keys.Except(acked).Count();
        output.WriteLine($"kills={Kills + 1} attempted={attempted.Count} acked={acked.Count} queued={found.Count} " +
                         $"lost={lost.Count} duplicated={duplicated.Count} queued-without-250={unackedButQueued}");
        Assert.True(acked.Count > 50, $"the stream was too thin to prove anything: {acked.Count} acknowledged");
        Assert.Empty(lost);
        Assert.Empty(duplicated);
    }

    [Fact]
    public async Task Every_message_answered_250_reaches_the_operator_through_repeated_SIGKILL_of_a_relaying_gateway()
    {
        using var dir = new TempDir();
        await using var sink = SmtpSink.Start();
        string[] relaying = ["--Gateway:Routes:mms.mnc002.mcc238.gprs", sink.Hop, "--Gateway:Delivery:RetryInitial", "00:00:00.500"];

        var (acked, attempted) = await SendThroughKillsAsync(dir.Path, relaying);
        await using var survivor = await GatewayProcess.StartAsync(dir.Path, relaying);
        var delivered = new Dictionary<string, int>();
        await Eventually.True(() =>
        {
            delivered = sink.Messages.Select(m => Marker().Match(Encoding.Latin1.GetString(m.Data)).Groups[1].Value)
                .GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
            return acked.All(delivered.ContainsKey);
        }, TimeSpan.FromSeconds(60), "every acknowledged message should reach the sink after the restarts");

        var duplicates = delivered.Values.Sum(n => n - 1);
        output.WriteLine($"kills={Kills + 1} attempted={attempted.Count} acked={acked.Count} delivered={delivered.Count} " +
                         $"lost=0 duplicate-deliveries={duplicates} delivered-without-250={delivered.Keys.Except(acked).Count()}");
        Assert.True(acked.Count > 50, $"the stream was too thin to prove anything: {acked.Count} acknowledged");
    }

    // A steady stream from several senders into a child gateway that is SIGKILLed at random moments
    // and restarted; the last stop is a crash too.
    private static async Task<(ConcurrentBag<string> Acked, ConcurrentBag<string> Attempted)> SendThroughKillsAsync(string dir, string[] args)
    {
        var acked = new ConcurrentBag<string>();
        var attempted = new ConcurrentBag<string>();
        var gateway = await GatewayProcess.StartAsync(dir, args);
        // Each start binds a port of the kernel's choosing; the senders follow it to the new one.
        var current = gateway.Smtp;
        using var stop = new CancellationTokenSource();
        var senders = Enumerable.Range(0, Senders).Select(i => SendLoopAsync(i, () => Volatile.Read(ref current), acked, attempted, stop.Token)).ToArray();
        var random = new Random();

        for (var k = 0; k < Kills; k++)
        {
            await Task.Delay(random.Next(300, 1500));
            await gateway.KillAsync();
            await gateway.DisposeAsync();
            gateway = await GatewayProcess.StartAsync(dir, args);
            Volatile.Write(ref current, gateway.Smtp);
        }
        await Task.Delay(random.Next(300, 1000));
        await gateway.KillAsync();
        await stop.CancelAsync();
        await Task.WhenAll(senders);
        await gateway.DisposeAsync();
        return (acked, attempted);
    }

    private static Dictionary<string, int> CountMarkers(IQueueControl control)
    {
        var counts = new Dictionary<string, int>();
        var page = control.Search(QueueSelection.All, 0, int.MaxValue);
        foreach (var m in page.Items)
        {
            using var body = control.OpenMessage(m.QueueId)!;
            using var reader = new StreamReader(body, Encoding.Latin1);
            var marker = Marker().Match(reader.ReadToEnd()).Groups[1].Value;
            counts[marker] = counts.GetValueOrDefault(marker) + 1;
        }
        return counts;
    }

    // One connection after another, several messages per connection, pipelined MAIL/RCPT/DATA.
    // Every attempt carries a fresh marker, so a message queued whose 250 was lost in the crash is
    // told apart from its retry.
    private static async Task SendLoopAsync(int sender, Func<IPEndPoint> endpoint, ConcurrentBag<string> acked, ConcurrentBag<string> attempted, CancellationToken stop)
    {
        var seq = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var c = await RawSmtp.ConnectAsync(endpoint());
                if (!(await c.ReadReplyAsync()).StartsWith("220")) continue;
                if (!(await c.CommandAsync("EHLO crash.test")).StartsWith("250")) continue;
                while (!stop.IsCancellationRequested)
                {
                    var marker = $"{sender}-{seq++}";
                    attempted.Add(marker);
                    await c.SendAsync("MAIL FROM:<+4587654321/TYPE=PLMN@mms.mnc001.mcc238.gprs>\r\n" +
                                      "RCPT TO:<+4512345678/TYPE=PLMN@mms.mnc002.mcc238.gprs>\r\nDATA\r\n");
                    var ok = (await c.ReadReplyAsync()).StartsWith("250") & (await c.ReadReplyAsync()).StartsWith("250")
                             & (await c.ReadReplyAsync()).StartsWith("354");
                    if (!ok) break;
                    await c.SendAsync($"X-Crash-Seq: {marker}\r\nTo: +4512345678/TYPE=PLMN\r\n\r\n{Body}.\r\n");
                    if (!(await c.ReadReplyAsync()).StartsWith("250")) break;
                    acked.Add(marker);
                }
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
                await Task.Delay(20, CancellationToken.None);   // the gateway is down or restarting
            }
        }
    }

    private static readonly string Body = string.Concat(Enumerable.Repeat(new string('m', 76) + "\r\n", 26));

    [GeneratedRegex(@"X-Crash-Seq: (\S+)")]
    private static partial Regex Marker();
}
