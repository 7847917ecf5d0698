using Microsoft.Extensions.Logging.Abstractions;
using MmsGateway.Relay.MailLog;
using MmsGateway.Testing;

namespace MmsGateway.Relay.IntegrationTests.MailLog;

/// <summary>Rotation by size and by day, retention, and reading back across rotated files page by page.</summary>
public sealed class RotationTests
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 2, 23, 0, 0, TimeSpan.Zero));

    private MailLogWriter Writer(string dir, long maxBytes = 64 * 1024, TimeSpan? retention = null) =>
        new(new MailLogOptions { MaxFileSize = maxBytes, Retention = retention ?? TimeSpan.FromDays(30) }, dir, "mm4gw1", _clock, NullLogger.Instance);

    private static string Attempt(int i) =>
        $"Q{i:D6}: to=<+45{i:D8}/TYPE=PLMN@mms.mnc002.mcc238.gprs>, delay=00:00:01, relay=[10.0.0.2], tls=none, dsn=2.0.0, stat=Sent (ok {i})";

    [Fact]
    public async Task The_live_file_rotates_past_its_size_and_every_line_is_read_back_once_newest_first_across_files()
    {
        using var dir = new TempDir();
        await using (var writer = Writer(dir.Path))
            for (var i = 0; i < 2000; i++)
            {
                writer.Add(_clock.GetUtcNow(), Attempt(i));
                if (i % 50 == 49) { writer.Flush(); _clock.Advance(TimeSpan.FromSeconds(1)); }
            }

        var files = RotatingLogFile.Files(dir.Path, MailLogWriter.FileName);
        Assert.True(files.Count >= 4, $"2,000 lines of ~150 bytes in 64 KB files: {files.Count} files");
        Assert.All(files, f => Assert.True(new FileInfo(f).Length <= 64 * 1024, $"{f} is {new FileInfo(f).Length} bytes"));
        Assert.Equal(MailLogWriter.FileName, Path.GetFileName(files[0]));

        var reader = new MailLogReader(dir.Path);
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = reader.Search(new MailLogQuery(), cursor, 300);
            seen.AddRange(page.Entries.Select(e => e.QueueId));
            cursor = page.Next;
            pages++;
        } while (cursor is not null && pages < 100);

        Assert.Equal(Enumerable.Range(0, 2000).Reverse().Select(i => $"Q{i:D6}"), seen);
    }

    [Fact]
    public async Task A_new_utc_day_starts_a_new_file_and_files_past_the_retention_are_deleted()
    {
        using var dir = new TempDir();
        var old = Path.Combine(dir.Path, "maillog-20261001-000000");
        var recent = Path.Combine(dir.Path, "maillog-20261125-000000");
        await File.WriteAllTextAsync(old, "");
        await File.WriteAllTextAsync(recent, "");
        await using (var writer = Writer(dir.Path, retention: TimeSpan.FromDays(30)))
        {
            writer.Add(_clock.GetUtcNow(), Attempt(1));
            writer.Flush();
            _clock.Advance(TimeSpan.FromHours(2));   // 01:00 the next day
            writer.Add(_clock.GetUtcNow(), Attempt(2));
            writer.Flush();
        }

        Assert.False(File.Exists(old), "a file rotated 62 days ago is past the 30-day retention");
        Assert.True(File.Exists(recent));
        Assert.True(File.Exists(Path.Combine(dir.Path, "maillog-20261203-010000")), string.Join(", ", Directory.GetFiles(dir.Path).Select(Path.GetFileName)));
        Assert.Contains("Q000002", await File.ReadAllTextAsync(Path.Combine(dir.Path, "maillog")));
        Assert.DoesNotContain("Q000002", await File.ReadAllTextAsync(Path.Combine(dir.Path, "maillog-20261203-010000")));
    }

    [Fact]
    public async Task A_time_range_skips_files_rotated_before_it_and_a_search_past_its_budget_says_how_far_it_looked()
    {
        using var dir = new TempDir();
        await using (var writer = Writer(dir.Path))
            for (var i = 0; i < 1000; i++)
            {
                writer.Add(_clock.GetUtcNow(), Attempt(i));
                _clock.Advance(TimeSpan.FromSeconds(1));
                if (i % 100 == 99) writer.Flush();
            }
        var reader = new MailLogReader(dir.Path);

        var lastMinute = reader.Search(new MailLogQuery(From: _clock.GetUtcNow().AddSeconds(-60)), null, 1000);
        Assert.Equal(60, lastMinute.Entries.Count);
        Assert.Null(lastMinute.Next);

        var rare = reader.Search(new MailLogQuery(Text: "no such line"), null, 10, budget: 20_000);
        Assert.Empty(rare.Entries);
        Assert.NotNull(rare.Next);
        Assert.NotNull(rare.SearchedTo);
        Assert.Throws<FormatException>(() => reader.Search(new MailLogQuery(), "maillog-19990101-000000:10", 10));
    }

    [Fact]
    public async Task A_log_that_cannot_be_written_says_so_keeps_its_lines_and_writes_them_once_it_can()
    {
        using var dir = new TempDir();
        var blocked = Path.Combine(dir.Path, "log");
        await File.WriteAllTextAsync(blocked, "a file where the log directory should be");   // refused even to root
        await using var writer = Writer(blocked);

        writer.Add(_clock.GetUtcNow(), Attempt(1));
        writer.Flush();
        Assert.NotNull(writer.Problem);
        Assert.Equal(1, writer.Failures);

        File.Delete(blocked);
        writer.Add(_clock.GetUtcNow(), Attempt(2));
        writer.Flush();

        Assert.Null(writer.Problem);
        Assert.Equal((2, 0), (writer.LinesWritten, writer.LinesDropped));
        var lines = await File.ReadAllLinesAsync(Path.Combine(blocked, MailLogWriter.FileName));
        Assert.Equal(["Q000001", "Q000002"], lines.Select(l => MailLogLine.TryParse(l, out var e) ? e.QueueId : l));
    }
}
