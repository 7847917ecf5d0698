using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using MmsGateway.Relay.Capture;
using MmsGateway.Relay.Mm4;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Spool;

namespace MmsGateway.Relay.Smtp;

/// <summary>Accepts connections on every configured endpoint and runs one session each.
/// Exposure: the network. Past MaxConnections a client gets 421 and is closed at once, without a
/// session, so a flood costs one small write per socket and others keep being served.</summary>
public sealed class SmtpListener(SmtpOptions options, QueueIntake intake, LiveRules rules, TrafficCapture capture, ILogger<SmtpListener> log,
    SmtpCounters? counters = null, AcceptFeed? accepted = null, Mm4Options? mm4 = null) : IAsyncDisposable
{
    private readonly List<Socket> _listeners = [];
    private readonly List<StartTlsMode> _modes = [];
    private readonly TlsCertificateSource _certificate = new(options.Tls);
    private readonly List<Task> _acceptLoops = [];
    private readonly ConcurrentDictionary<SmtpSession, Task> _sessions = new();
    private readonly CancellationTokenSource _hardStop = new();
    private readonly ClientSlots _perClient = new(options.MaxConnectionsPerClient);
    private int _active;
    private int _stopped;

    /// <summary>Memory held by messages being received, shared by every session.</summary>
    public MemoryBudget DataBudget { get; } = new(options.DataMemoryBudget);

    /// <summary>The bound endpoints (with the real port where 0 was configured).</summary>
    public IReadOnlyList<IPEndPoint> Endpoints => _listeners.Select(s => (IPEndPoint)s.LocalEndPoint!).ToList();

    public int ActiveSessions => Volatile.Read(ref _active);

    /// <summary>Bound and accepting (started, not stopping).</summary>
    public bool Listening => _listeners.Count > 0 && Volatile.Read(ref _stopped) == 0;

    public SmtpCounters Counters { get; } = counters ?? new SmtpCounters();

    public AcceptFeed Accepted { get; } = accepted ?? new AcceptFeed();

    public void Start()
    {
        foreach (var text in options.Listen)
        {
            SmtpOptions.TryParseListener(text, out var endpoint, out var mode, out _);
            _modes.Add(mode ?? options.Tls.DefaultMode);
            var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endpoint);
            socket.Listen(1024);
            _listeners.Add(socket);
            SmtpLog.Listening(log, socket.LocalEndPoint!.ToString()!);
        }
        for (var i = 0; i < _listeners.Count; i++)
        {
            var (socket, tls) = (_listeners[i], new SessionTls(_modes[i], _certificate));
            _acceptLoops.Add(Task.Run(() => AcceptLoopAsync(socket, tls)));
        }
    }

    private async Task AcceptLoopAsync(Socket listener, SessionTls tls)
    {
        while (true)
        {
            Socket client;
            try { client = await listener.AcceptAsync().ConfigureAwait(false); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { return; }   // stopped

            client.NoDelay = true;
            var remote = ClientAddress(client);
            var address = remote ?? IPAddress.None;
            if (Interlocked.Increment(ref _active) > options.MaxConnections)
            {
                Interlocked.Decrement(ref _active);
                Counters.SessionOverLimit();
                SmtpLog.TooManyConnections(log, options.MaxConnections, address.ToString());
                _ = RefuseAsync(client, SmtpReplies.TooManyConnections(options.Hostname));
                continue;
            }
            // Our own MMSCs (relay clients, loopback by default) are not limited per address, as Postfix
            // exempts $mynetworks: the limit is there for the partners outside.
            var limited = !rules.Current.IsRelayClient(address);
            if (limited && !_perClient.TryTake(address))
            {
                Interlocked.Decrement(ref _active);
                Counters.SessionOverClientLimit();
                SmtpLog.TooManyFromClient(log, options.MaxConnectionsPerClient, address.ToString());
                _ = RefuseAsync(client, SmtpReplies.TooManyFromClient(options.Hostname));
                continue;
            }
            Counters.SessionAccepted();
            var session = new SmtpSession(client, remote, options, intake, rules, capture, log, Counters, DataBudget, tls, Accepted, mm4 ?? new Mm4Options());
            // Registered before it runs: a session that ends at once removes itself, and must not
            // be added back afterwards.
            _sessions[session] = Task.CompletedTask;
            var running = RunSessionAsync(session, limited ? address : null);
            if (!running.IsCompleted) _sessions.TryUpdate(session, running, Task.CompletedTask);
        }
    }

    // Runs on the accepting thread until the session's first wait (greeting sent, command awaited):
    // that part never blocks, and skipping a hop to the thread pool saves a wake-up per connection.
    // The client as every decision sees it: an IPv4 peer on a dual-stack socket as plain IPv4.
    private static IPAddress? ClientAddress(Socket client) =>
        (client.RemoteEndPoint as IPEndPoint)?.Address is { } a ? (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a) : null;

    /// <param name="limitedAddress">The address whose per-client slot the session holds, if it took one.</param>
    private async Task RunSessionAsync(SmtpSession session, IPAddress? limitedAddress)
    {
        try { await session.RunAsync(_hardStop.Token).ConfigureAwait(false); }
        catch (Exception e)
        {
            // One session's failure is logged, never allowed to fault the listener or the host's stop.
            SmtpLog.Failed(log, "session", e);
        }
        finally
        {
            if (limitedAddress is not null) _perClient.Give(limitedAddress);
            Interlocked.Decrement(ref _active);
            _sessions.TryRemove(session, out _);
        }
    }

    private static async Task RefuseAsync(Socket client, SmtpReply reply)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.SendAsync(reply.ToBytes(), SocketFlags.None, cts.Token).ConfigureAwait(false);
            client.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client left first; nothing to tell it.
        }
        finally { client.Dispose(); }
    }

    /// <summary>Stops accepting, lets transactions in flight finish within the grace period, then aborts the rest.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        foreach (var s in _listeners) s.Dispose();
        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
        SmtpLog.Stopping(log, options.ShutdownGrace, _sessions.Count);
        foreach (var session in _sessions.Keys) session.RequestStop();
        var all = Task.WhenAll(_sessions.Values);
        try { await all.WaitAsync(options.ShutdownGrace, cancellationToken).ConfigureAwait(false); }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            await _hardStop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _hardStop.Dispose();
    }
}
