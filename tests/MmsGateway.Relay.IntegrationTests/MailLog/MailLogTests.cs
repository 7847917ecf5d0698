using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MmsGateway.Relay.Health;
using MmsGateway.Relay.MailLog;
using MmsGateway.Testing;

namespace MmsGateway.Relay.IntegrationTests.MailLog;

/// <summary>The persistent mail log of a relaying gateway: what it writes, the seed's grep on it, the
/// console's searches, and the health it gives back after a restart.</summary>
public sealed class MailLogTests
{
    private const string Two = "mms.mnc002.mcc238.gprs", Three = "mms.mnc003.mcc238.gprs";
    private const string ToThree = "+4533333333/TYPE=PLMN@" + Three;

    private static Dictionary<string, string?> Settings(string twoHop, string threeHop) => new()
    {
        [$"Gateway:Routes:{Two}"] = twoHop,
        [$"Gateway:Routes:{Three}"] = threeHop,
        ["Gateway:MailLog:FlushInterval"] = "00:00:00.050",
        ["Gateway:Health:UnreachableAfter"] = "00:00:01",
    };

    private static string LogFile(string data) => Path.Combine(data, "log", MailLogWriter.FileName);

    private static string[] Lines(string data) => File.Exists(LogFile(data)) ? File.ReadAllLines(LogFile(data)) : [];

    [Fact]
    public async Task Every_acceptance_and_attempt_is_a_line_and_the_seeds_grep_finds_what_was_not_sent()
    {
        using var dir = new TempDir();
        await using var sink = SmtpSink.Start();
        using var closed = new ClosedPort();
        await using (var gateway = await TestGateway.StartAsync(dir.Path, Settings(sink.Hop, closed.Hop)))
        {
            var sent = await gateway.SendAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], Mm4Samples.ForwardRequest("T-sent"));
            await gateway.SendAsync(Mm4Samples.Sender, [ToThree], Mm4Samples.ForwardRequest("T-refused"));

            await Eventually.True(() => Lines(dir.Path).Count(l => l.Contains(" to=<")) >= 2, TimeSpan.FromSeconds(20),
                "both attempts should reach the mail log");
        }
        var lines = Lines(dir.Path);

        Assert.Equal(2, lines.Count(l => l.Contains(": from=<" + Mm4Samples.Sender + ">, size=")));
        Assert.Contains(lines, l => l.Contains("msgid=<T-sent@mms.mnc001.mcc238.gprs>"));
        Assert.Contains(lines, l => l.Contains($"to=<{Mm4Samples.Recipient}>") && l.Contains("stat=Sent"));
        var refused = Assert.Single(lines, l => l.Contains($"to=<{ToThree}>"));
        Assert.Contains($"relay={closed.Hop}", refused);
        Assert.Contains($"stat=Deferred: Connection refused by {closed.Hop}", refused);
        Assert.All(lines, l => Assert.True(MailLogLine.TryParse(l, out _), $"not a mail log line: {l}"));

        // The seed's ritual, character for character, on the file.
        var grep = await ShellAsync(dir.Path, "grep 'to=<.*PLMN.*' log/maillog | grep -v stat=Sent");
        Assert.Equal(refused, grep.Trim());
    }

    [Fact]
    public async Task The_console_searches_by_msisdn_message_id_outcome_and_domain()
    {
        using var dir = new TempDir();
        await using var sink = SmtpSink.Start();
        using var closed = new ClosedPort();
        await using var gateway = await TestGateway.StartAsync(dir.Path, Settings(sink.Hop, closed.Hop));
        var id = await gateway.SendAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], Mm4Samples.ForwardRequest("T-find"));
        await gateway.SendAsync(Mm4Samples.Sender, [ToThree], Mm4Samples.ForwardRequest("T-other"));
        await Eventually.True(() => Lines(dir.Path).Count(l => l.Contains(" to=<")) >= 2, TimeSpan.FromSeconds(20), "attempts logged");
        var reader = gateway.Services.GetRequiredService<MailLogReader>();

        var byMsisdn = reader.Search(new MailLogQuery(Text: "+4533333333"), null, 50);
        Assert.Equal([MailLogKind.Attempt], byMsisdn.Entries.Select(e => e.Kind));

        var byMessageId = reader.Search(new MailLogQuery(MessageId: "<T-find@mms.mnc001.mcc238.gprs>"), null, 50);
        Assert.Equal([MailLogKind.Attempt, MailLogKind.Accepted], byMessageId.Entries.Select(e => e.Kind));   // newest first
        Assert.All(byMessageId.Entries, e => Assert.Equal(byMessageId.Entries[0].QueueId, e.QueueId));

        var deferred = reader.Search(new MailLogQuery(Outcomes: new HashSet<string> { "Deferred" }), null, 50);
        Assert.Equal(ToThree, Assert.Single(deferred.Entries).Address);

        var toTwo = reader.Search(new MailLogQuery(Domains: new HashSet<string> { Two }), null, 50);
        Assert.Equal(Mm4Samples.Recipient, Assert.Single(toTwo.Entries).Address);

        var future = reader.Search(new MailLogQuery(From: DateTimeOffset.UtcNow.AddMinutes(1)), null, 50);
        Assert.Empty(future.Entries);
        Assert.NotNull(id);
    }

    [Fact]
    public async Task A_partner_refusing_every_connection_is_unreachable_and_still_so_after_a_restart()
    {
        using var dir = new TempDir();
        await using var sink = SmtpSink.Start();
        using var closed = new ClosedPort();
        var settings = Settings(sink.Hop, closed.Hop);
        settings["Gateway:Delivery:RetryInitial"] = "00:00:00.200";
        await using (var gateway = await TestGateway.StartAsync(dir.Path, settings))
        {
            await gateway.SendAsync(Mm4Samples.Sender, [ToThree], Mm4Samples.ForwardRequest("T-down"));
            var health = gateway.Services.GetRequiredService<HealthMonitor>();
            await Eventually.True(() => health.Get(Three, 1).State == HealthState.Unreachable, TimeSpan.FromSeconds(20),
                "an operator refusing every connection should turn unreachable after the 1 s threshold");
            var measured = health.Get(Three, 1);
            Assert.Contains($"Connection refused by {closed.Hop}", measured.Reason);
            var hop = Assert.Single(measured.Hops);
            Assert.Equal((closed.Hop, HealthState.Unreachable), (hop.Hop, hop.State));
        }

        settings["Gateway:Delivery:Enabled"] = "false";   // after the restart only the mail log can tell
        await using var restarted = await TestGateway.StartAsync(dir.Path, settings);
        var replayed = restarted.Services.GetRequiredService<HealthMonitor>();
        await Eventually.True(() => replayed.Get(Three, 1).Facts.Last5.Failures > 0, TimeSpan.FromSeconds(10), "the last hour replayed from the mail log");
        Assert.Equal(HealthState.Unreachable, replayed.Get(Three, 1).State);
        Assert.Null(replayed.Get(Three, 1).Facts.LastSuccess);
    }

    private static async Task<string> ShellAsync(string directory, string command)
    {
        var start = new ProcessStartInfo("bash", ["-c", command]) { WorkingDirectory = directory, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }
}
