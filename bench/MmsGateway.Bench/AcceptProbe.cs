using System.Diagnostics;
using System.Net;
using MmsGateway.Testing;

namespace MmsGateway.Bench;

/// <summary>The latency of SMTP transactions on one session, one after another (MAIL to the 250 after DATA):
/// what a sender feels while something else runs beside the relay. Shared by the benches that ask that.</summary>
internal static class AcceptProbe
{
    /// <summary>Transaction times in ms, sorted.</summary>
    public static async Task<List<double>> RunAsync(IPEndPoint smtp, TimeSpan duration)
    {
        var times = new List<double>();
        await using var c = await RawSmtp.ConnectAsync(smtp);
        await c.ReadReplyAsync();
        await c.CommandAsync("EHLO probe.example");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var one = Stopwatch.StartNew();
            await c.SendAsync("MAIL FROM:<+4520000001/TYPE=PLMN@mms.mnc001.mcc238.gprs>\r\nRCPT TO:<+4540000000/TYPE=PLMN@mms.mnc002.mcc238.gprs>\r\nDATA\r\n");
            for (var i = 0; i < 3; i++) await c.ReadReplyAsync();
            var reply = await c.CommandAsync("X-Mms-Message-Type: MM4_forward.REQ\r\n\r\nprobe\r\n.");
            if (!reply.StartsWith("250", StringComparison.Ordinal)) throw new InvalidOperationException(reply);
            times.Add(one.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times;
    }

    public static double P(List<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];

    public static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
    }
}
