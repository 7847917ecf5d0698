using System.Buffers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MmsGateway.Relay.Delivery;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Spool;
using MmsGateway.Testing;

namespace MmsGateway.Relay.IntegrationTests.Delivery;

/// <summary>A message that delivery cannot read must not end the destination's worker silently:
/// it is logged with its queue id, deferred with 4.3.0 and backed off, and the other mail goes out.</summary>
public sealed class PoisonMessageTests : IAsyncLifetime
{
    private const string Mnc002 = "mms.mnc002.mcc238.gprs";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);
    private readonly TempDir _dir = new();
    private readonly SmtpSink _sink = SmtpSink.Start();
    private TestGateway? _gateway;

    [Fact]
    public async Task A_spooled_message_delivery_cannot_read_is_logged_deferred_and_backed_off_while_the_rest_is_delivered()
    {
        var gw = _gateway = await TestGateway.StartAsync(_dir.Path, new Dictionary<string, string?>
        {
            [$"Gateway:Routes:{Mnc002}"] = _sink.Hop,
            ["Gateway:Delivery:RetryInitial"] = "00:10:00",
        });
        using var attempts = gw.RecordDeliveries();
        // Spooled without our Received: header first, as no session would write it: the delivery side cannot frame it.
        var intake = gw.Services.GetRequiredService<QueueIntake>();
        var poison = new QueuedMessage(intake.NextId(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Mm4Samples.Sender, "127.0.0.1", "test", 9);
        poison.SetRecipients([(Mm4Samples.Recipient, DomainNames.Share(Mnc002))]);
        using var body = new MessageBuffer();
        body.Write("garbage\r\n"u8);
        await intake.AcceptAsync(poison, body);

        var good = await gw.SendRawAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], Mm4Samples.ForwardRequest());

        await Eventually.True(() => _sink.Messages.Count == 1, Within, "the good message should still be delivered");
        await Eventually.True(() => gw.Control.Find(good) is null, Within, "the good message should leave the queue");
        var stuck = gw.Control.Find(poison.Id.ToString())!.Recipients.Single();
        Assert.Equal("deferred", stuck.State);
        Assert.Equal(1, stuck.Attempts);
        Assert.Contains("internal error", stuck.LastError);
        Assert.True(stuck.NextAttempt > DateTimeOffset.UtcNow.AddMinutes(5), "a poison message backs off like any failure");
        var logged = Assert.Single(gw.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.StartsWith($"{poison.Id}:", StringComparison.Ordinal));
        Assert.IsType<InvalidDataException>(logged.Error);
        var attempt = Assert.Single(attempts.Attempts, a => a.QueueId == poison.Id.ToString());
        Assert.Equal((OutcomeKind.Deferred, "4.3.0"), (attempt.Outcome, attempt.Dsn));

        // The worker is still there: the next message to the same destination goes out too.
        await gw.SendRawAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], Encoding.ASCII.GetBytes("Subject: after\r\n\r\nok\r\n"));
        await Eventually.True(() => _sink.Messages.Count == 2, Within, "delivery to the destination should go on");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        await _sink.DisposeAsync();
        _dir.Dispose();
    }
}
