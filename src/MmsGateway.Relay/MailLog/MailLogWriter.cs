using System.Text;
using Microsoft.Extensions.Logging;
using MmsGateway.Relay.Delivery;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Smtp;

namespace MmsGateway.Relay.MailLog;

/// <summary>Writes the mail log: one line per accepted message and per delivery attempt, in sendmail's
/// form, in batches off the accept path (the session only publishes an event after its 250).
/// Exposure: none. Durability: a line reaches the file within FlushInterval; a disk that refuses is
/// reported (<see cref="Problem"/>, the Failures count) while lines wait in a bounded buffer; past it the
/// oldest are dropped and counted, and mail is never held up for the log.</summary>
public sealed class MailLogWriter : IAsyncDisposable
{
    public const string FileName = "maillog";
    private const int MaxPendingBytes = 16 * 1024 * 1024, FeedBuffer = 100_000;
    private readonly RotatingLogFile _file;
    private readonly MailLogOptions _options;
    private readonly string _host;
    private readonly int _pid = Environment.ProcessId;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<IDisposable> _subscriptions = [];
    private StringBuilder _pending = new(), _spare = new();
    private Task _loop = Task.CompletedTask;
    private long _dropped, _written, _failures;
    private volatile string? _problem;

    public MailLogWriter(MailLogOptions options, string directory, string host, TimeProvider clock, ILogger log)
    {
        _options = options;
        _host = host;
        _clock = clock;
        _log = log;
        Directory = directory;
        _file = new RotatingLogFile(directory, FileName, options.MaxFileSize, options.Retention, clock);
    }

    public string Directory { get; }

    /// <summary>Why the last batch could not be written, or null when the log is healthy.</summary>
    public string? Problem => _problem;

    public long LinesDropped => Interlocked.Read(ref _dropped);

    public long LinesWritten => Interlocked.Read(ref _written);

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Follows the relay's accept and delivery feeds and starts the batch writer.</summary>
    public void Start(AcceptFeed accepted, DeliveryFeed deliveries)
    {
        if (!_options.Enabled) return;
        _subscriptions.Add(accepted.Subscribe(new FeedObserver<MessageAccepted>(a => Add(a.At, Accepted(a))), FeedBuffer, CountDropped));
        _subscriptions.Add(deliveries.Subscribe(new FeedObserver<DeliveryAttempt>(d => Add(d.At, d.LogLine)), FeedBuffer, CountDropped));
        _file.Prune(_clock.GetUtcNow());
        _loop = Task.Run(LoopAsync);
    }

    private void CountDropped() => Interlocked.Increment(ref _dropped);

    // sendmail: "from=<...>, size=N, class=0, nrcpts=N, msgid=<...>, proto=ESMTP, relay=..."; ours as the console log writes it.
    private static string Accepted(MessageAccepted a) =>
        $"{a.QueueId}: from=<{a.Sender}>, size={a.Size}, nrcpts={a.Recipients}"
        + (a.MessageId is { Length: > 0 } id ? $", msgid={(id.Length > 250 ? id[..250] : id)}" : "")
        + $", relay=[{a.Peer}], tls={a.Tls}";

    /// <summary>Queues one line for the next batch (also for lines that are not mail events, e.g. in tests).</summary>
    public void Add(DateTimeOffset at, string text)
    {
        var line = MailLogLine.Format(at, _host, _pid, text);
        lock (_gate)
        {
            if (_pending.Length + line.Length > MaxPendingBytes)
            {
                Interlocked.Increment(ref _dropped);
                return;
            }
            _pending.Append(line).Append('\n');
        }
    }

    /// <summary>Writes what is pending now (the loop does it every FlushInterval).</summary>
    public void Flush()
    {
        StringBuilder batch;
        lock (_gate)
        {
            if (_pending.Length == 0) return;
            batch = _pending;
            _pending = _spare;
            _spare = batch;
        }
        var text = batch.ToString();
        try
        {
            _file.Append(Encoding.UTF8.GetBytes(text));
            Interlocked.Add(ref _written, text.Count(c => c == '\n'));
            batch.Clear();
            if (_problem is not null) MailLogEvents.Recovered(_log, Directory);
            _problem = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref _failures);
            if (_problem is null) MailLogEvents.WriteFailed(_log, Directory, e.Message);
            _problem = $"the mail log cannot be written ({e.Message})";
            _file.Dispose();
            // Keep the batch for the next try, ahead of what arrived meanwhile, within the bound.
            lock (_gate)
            {
                if (text.Length + _pending.Length <= MaxPendingBytes) _pending.Insert(0, text);
                else Interlocked.Add(ref _dropped, text.Count(c => c == '\n'));
                batch.Clear();
            }
        }
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(_options.FlushInterval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false)) Flush();
        }
        catch (OperationCanceledException) { }
    }

    private int _disposed;

    /// <summary>Writes what is pending and closes the file; the relay's stop calls it, then the container again.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        foreach (var s in _subscriptions) s.Dispose();
        _subscriptions.Clear();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        Flush();
        _file.Dispose();
        _stop.Dispose();
    }

}
