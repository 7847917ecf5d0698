using MmsGateway.Relay.MailLog;
using MmsGateway.Testing;

namespace MmsGateway.Relay.IntegrationTests.MailLog;

/// <summary>SIGKILL of a child gateway: the mail log keeps every batch written before the kill, no line is
/// torn, and the restarted gateway goes on appending to the same file.</summary>
public sealed class MailLogCrashTests
{
    private static string[] Lines(string data)
    {
        var path = Path.Combine(data, "log", MailLogWriter.FileName);
        return File.Exists(path) ? File.ReadAllLines(path) : [];
    }

    private static int Accepted(string[] lines, IEnumerable<string> ids) => ids.Count(id => lines.Any(l => l.Contains($" {id}: from=<")));

    private static async Task<List<string>> SendAsync(GatewayProcess gateway, int count)
    {
        var ids = new List<string>();
        await using var c = await RawSmtp.ConnectAsync(gateway.Smtp);
        await c.ReadReplyAsync();
        await c.CommandAsync("EHLO crash.test");
        for (var i = 0; i < count; i++)
        {
            await c.CommandAsync($"MAIL FROM:<{Mm4Samples.Sender}>");
            await c.CommandAsync($"RCPT TO:<{Mm4Samples.Recipient}>");
            await c.CommandAsync("DATA");
            await c.SendAsync($"Message-ID: <crash-{i}@mmsc>\r\nTo: +4512345678/TYPE=PLMN\r\n\r\nbody\r\n");
            var reply = await c.CommandAsync(".");
            Assert.StartsWith("250", reply);
            ids.Add(reply.Split(' ')[^1]);
        }
        return ids;
    }

    [Fact]
    public async Task The_mail_log_survives_SIGKILL_up_to_its_last_batch_and_continues_after_restart()
    {
        using var dir = new TempDir();
        var gateway = await GatewayProcess.StartAsync(dir.Path);
        var written = await SendAsync(gateway, 20);
        await Eventually.True(() => Accepted(Lines(dir.Path), written) == 20, TimeSpan.FromSeconds(20), "the first 20 acceptances reach the file");
        var inFlight = await SendAsync(gateway, 20);   // killed right after the last 250: some of these may be in no batch yet
        await gateway.KillAsync();
        await gateway.DisposeAsync();

        await using var restarted = await GatewayProcess.StartAsync(dir.Path);
        var after = await SendAsync(restarted, 1);
        await Eventually.True(() => Accepted(Lines(dir.Path), after) == 1, TimeSpan.FromSeconds(20), "the restarted gateway appends to the same log");

        var lines = Lines(dir.Path);
        Assert.All(lines, l => Assert.True(MailLogLine.TryParse(l, out _), $"a torn or foreign line: '{l}'"));
        Assert.All(written, id => Assert.Single(lines, l => l.Contains($" {id}: from=<")));
        var survivors = Accepted(lines, inFlight);
        Assert.InRange(survivors, 0, 20);
        Assert.Equal(20 + survivors + 1, lines.Count(l => l.Contains(": from=<")));
    }
}
