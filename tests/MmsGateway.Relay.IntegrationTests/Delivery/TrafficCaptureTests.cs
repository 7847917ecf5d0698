using MmsGateway.Relay.Capture;
using MmsGateway.Relay.Control;
using MmsGateway.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MmsGateway.Relay.IntegrationTests.Delivery;

/// <summary>The seed's sendmail -X, time-boxed: one transcript per session, for one peer.</summary>
public sealed class TrafficCaptureTests : IAsyncLifetime
{
    private const string Mnc002 = "mms.mnc002.mcc238.gprs";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);
    private readonly TempDir _dir = new();
    private readonly ManualClock _clock = new();
    private SmtpSink _sink = null!;
    private TestGateway _gw = null!;

    private async Task<ICaptureControl> StartAsync()
    {
        _sink = SmtpSink.Start();
        _gw = await TestGateway.StartAsync(_dir.Path, new Dictionary<string, string?> { [$"Gateway:Routes:{Mnc002}"] = _sink.Hop }, _clock);
        return _gw.Services.GetRequiredService<ICaptureControl>();
    }

    private string Transcript(ICaptureControl captures, int id, string direction)
    {
        var info = captures.List().Single(c => c.Id == id);
        var name = Assert.Single(info.Transcripts, n => n.Contains($"-{direction}-"));
        using var reader = new StreamReader(captures.OpenTranscript(id, name)!);
        return reader.ReadToEnd();
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]   // file modes; the gateway runs on Linux
    public async Task A_capture_of_a_client_address_records_both_directions_of_its_session()
    {
        var captures = await StartAsync();
        var capture = captures.Start(CaptureKind.Client, "127.0.0.1", reason: "MMSC says its MM4 forward is refused");

        await _gw.SendRawAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], Mm4Samples.ForwardRequest());

        await Eventually.True(() => captures.List()[0].Transcripts.Count == 1, Within, "one transcript for the one session");
        await Eventually.True(() => Transcript(captures, capture.Id, "in").Contains("# session ended"), Within, "the session ends");
        var text = Transcript(captures, capture.Id, "in");
        Assert.Contains($"S: 220 {TestGateway.Hostname} ESMTP", text);
        Assert.Contains($"C: MAIL FROM:<{Mm4Samples.Sender}>", text);
        Assert.Contains("C: X-Mms-Message-Type: MM4_forward.REQ", text);
        Assert.Matches(@"S: 250 2\.0\.0 Ok: queued as \w{13}", text);
        Assert.Equal((true, "MMSC says its MM4 forward is refused"), (captures.List()[0].Active, captures.List()[0].Reason));
        // Message contents: readable by the gateway's user only, whatever the umask (issue 13).
        var file = Directory.EnumerateFiles(Path.Combine(_dir.Path, "captures"), "*", SearchOption.AllDirectories).Single();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(file)!));
    }

    [Fact]
    public async Task A_capture_of_a_destination_records_the_outbound_dialogue_with_the_operator()
    {
        var captures = await StartAsync();
        var capture = captures.Start(CaptureKind.Destination, Mnc002.ToUpperInvariant());

        await _gw.SendRawAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], Mm4Samples.ForwardRequest());

        await Eventually.True(() => _sink.Messages.Count == 1, Within, "delivered");
        await Eventually.True(() => captures.List()[0].Transcripts.Any(n => n.Contains("-out-")), Within, "an outbound transcript");
        await _gw.StopAsync();   // closes the kept connection, ending the transcript
        var text = Transcript(captures, capture.Id, "out");
        Assert.Contains("S: 220 sink.test.invalid ESMTP", text);
        Assert.Contains($"C: EHLO {TestGateway.Hostname}", text);
        Assert.Contains($"C: RCPT TO:<{Mm4Samples.Recipient}>", text);
        Assert.Contains("S: 250 2.0.0 Ok: queued as S1", text);
    }

    [Fact]
    public async Task A_capture_of_an_unreachable_destination_records_why_the_connection_failed()
    {
        using var closed = new ClosedPort();
        _sink = SmtpSink.Start();
        _gw = await TestGateway.StartAsync(_dir.Path, new Dictionary<string, string?> { [$"Gateway:Routes:{Mnc002}"] = closed.Hop }, _clock);
        var captures = _gw.Services.GetRequiredService<ICaptureControl>();
        var capture = captures.Start(CaptureKind.Destination, Mnc002);

        await _gw.SendRawAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], Mm4Samples.ForwardRequest());

        await Eventually.True(() => captures.List()[0].Transcripts.Any(n => n.Contains("-out-")), Within, "an outbound transcript");
        await Eventually.True(() => Transcript(captures, capture.Id, "out").Contains("# session ended"), Within, "the failed session's transcript is closed");
        var text = Transcript(captures, capture.Id, "out");
        Assert.Contains($"# connecting to {closed.Hop}", text);
        Assert.Contains($"# Connection refused by {closed.Hop} (dsn=4.4.1)", text);
    }

    [Fact]
    public async Task A_capture_ends_by_itself_after_its_time_and_captures_nothing_more()
    {
        var captures = await StartAsync();
        var capture = captures.Start(CaptureKind.Client, "127.0.0.1");
        Assert.Equal(TimeSpan.FromMinutes(15), capture.ExpiresAt - capture.StartedAt);   // the default box

        _clock.Advance(TimeSpan.FromMinutes(16));
        await _gw.SendRawAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], Mm4Samples.ForwardRequest());

        var info = captures.List().Single();
        Assert.False(info.Active);
        Assert.Empty(info.Transcripts);
    }

    [Fact]
    public async Task Only_the_captured_peer_is_recorded_and_a_stopped_capture_records_nothing()
    {
        var captures = await StartAsync();
        var other = captures.Start(CaptureKind.Client, "127.0.0.2");
        var stopped = captures.Start(CaptureKind.Client, "127.0.0.1");
        Assert.True(captures.Stop(stopped.Id));

        await _gw.SendRawAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], Mm4Samples.ForwardRequest());

        Assert.All(captures.List(), c => Assert.Empty(c.Transcripts));
        Assert.Throws<ArgumentOutOfRangeException>(() => captures.Start(CaptureKind.Client, "127.0.0.1", TimeSpan.FromDays(2)));
        Assert.Throws<ArgumentException>(() => captures.Start(CaptureKind.Client, "not-an-address"));
        Assert.True(captures.List().Single(c => c.Id == other.Id).Active);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _gw.DisposeAsync();
        await _sink.DisposeAsync();
        _dir.Dispose();
    }
}
