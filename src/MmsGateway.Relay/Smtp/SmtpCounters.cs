using System.Collections.Concurrent;
using MmsGateway.Relay.Policy;

namespace MmsGateway.Relay.Smtp;

/// <summary>What the inbound side has done since start, for /metrics: sessions accepted and refused
/// at the connection limit, and recipients refused at RCPT per operator. Labelled by the route's
/// operator (or "unrouted"), never by the domain a client typed: a hostile client must not be able
/// to grow a label set without bound.</summary>
public sealed class SmtpCounters
{
    private readonly ConcurrentDictionary<string, long> _refused = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _tls = new(StringComparer.Ordinal);
    private long _sessions, _overLimit, _overClientLimit, _tlsFailed;

    public long Sessions => Interlocked.Read(ref _sessions);

    public long SessionsOverLimit => Interlocked.Read(ref _overLimit);

    /// <summary>Sessions refused because their client address already held its limit.</summary>
    public long SessionsOverClientLimit => Interlocked.Read(ref _overClientLimit);

    public IReadOnlyDictionary<string, long> RefusedRecipients => _refused;

    internal void SessionAccepted() => Interlocked.Increment(ref _sessions);

    internal void SessionOverLimit() => Interlocked.Increment(ref _overLimit);

    /// <summary>Inbound sessions that completed STARTTLS, by protocol ("TLSv1.3").</summary>
    public IReadOnlyDictionary<string, long> TlsSessions => _tls;

    public long TlsHandshakesFailed => Interlocked.Read(ref _tlsFailed);

    internal void TlsSession(string protocol) => _tls.AddOrUpdate(protocol, 1, (_, n) => n + 1);

    internal void TlsFailed() => Interlocked.Increment(ref _tlsFailed);

    internal void SessionOverClientLimit() => Interlocked.Increment(ref _overClientLimit);

    internal void RecipientRefused(RuleSet rules, string domain) =>
        _refused.AddOrUpdate(rules.Resolve(domain) is { } route ? route.Operator ?? route.Key : "unrouted", 1, (_, n) => n + 1);
}
