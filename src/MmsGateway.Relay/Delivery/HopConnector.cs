using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MmsGateway.Relay.Capture;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Routing;

namespace MmsGateway.Relay.Delivery;

/// <summary>A connection to a destination's first next hop that answers: the seed's mailertable
/// "smtp:[10.0.0.2]:[10.0.0.3]". The next hop is tried on connection failure, timeout, or a
/// greeting or EHLO that is not 2xx.</summary>
internal sealed class HopConnector(DeliveryOptions options, string localName, EventFeed<HopResult>? results = null, TimeProvider? clock = null)
{
    /// <param name="Tls">"TLSv1.3", "TLSv1.3(unverified)" (opportunistic, certificate not trusted), or "none".</param>
    public sealed record Connected(DeliveryClient Client, NextHop Hop, string Relay, string Tls = "none");

    public sealed record Failed(string Relay, string Dsn, string Reason);

    public async Task<(Connected? Connection, Failed? Failure)> ConnectAsync(Route route, Func<NextHop, IProtocolLogger> capture, CancellationToken stopping)
    {
        Failed? last = null;
        var policy = route.Tls ?? new TlsPolicy(options.Tls);
        foreach (var hop in route.Hops)
        {
            var (connected, failed) = await TryHopAsync(hop, policy, policy.Mode, capture, stopping).ConfigureAwait(false);
            // Opportunistic TLS that fails in the handshake is not worth losing the mail over: once more
            // in plaintext, as Postfix's "may" does. Required never falls back.
            if (connected is null && failed!.Dsn == TlsFailureDsn && policy.Mode == OutboundTls.Opportunistic)
                (connected, failed) = await TryHopAsync(hop, policy, OutboundTls.None, capture, stopping).ConfigureAwait(false);
            results?.Publish(new HopResult((clock ?? TimeProvider.System).GetUtcNow(), route.Operator ?? route.Key, hop.ToString(),
                connected is not null, failed?.Reason));
            if (connected is not null) return (connected, null);
            last = failed;
        }
        return (null, last ?? new Failed("", "4.4.1", "no next hop"));
    }

    private const string TlsFailureDsn = "4.7.5";

    private async Task<(Connected?, Failed?)> TryHopAsync(NextHop hop, TlsPolicy policy, OutboundTls mode, Func<NextHop, IProtocolLogger> capture,
        CancellationToken stopping)
    {
        var check = new CertificateCheck(policy);
        var transcript = capture(hop);
        (transcript as ITranscriptNotes)?.Note($"connecting to {RelayName(hop, hop.Address)}");
        var client = new DeliveryClient(transcript)
        {
            LocalDomain = localName,
            Timeout = (int)Math.Min(int.MaxValue, options.CommandTimeout.TotalMilliseconds),
            CheckCertificateRevocation = false,   // no network beyond the peers: revocation lists cannot be fetched
            ServerCertificateValidationCallback = check.Validate,
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(options.ConnectTimeout);
        IPAddress? connectedTo = hop.Address;
        try
        {
            var addresses = hop.Address is not null ? [hop.Address] : await Dns.GetHostAddressesAsync(hop.Host, timeout.Token).ConfigureAwait(false);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, hop.Port, timeout.Token).ConfigureAwait(false);
                connectedTo = (socket.RemoteEndPoint as IPEndPoint)?.Address;
                var secure = mode switch
                {
                    OutboundTls.Required => SecureSocketOptions.StartTls,
                    OutboundTls.Opportunistic => SecureSocketOptions.StartTlsWhenAvailable,
                    _ => SecureSocketOptions.None,
                };
                await client.ConnectAsync(new OutboundStream(socket), hop.Host, hop.Port, secure, timeout.Token).ConfigureAwait(false);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            var tls = client.IsSecure ? TlsNames.Protocol(client.SslProtocol) + (check.Verified ? "" : "(unverified)") : "none";
            return (new Connected(client, hop, RelayName(hop, connectedTo), tls), null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            var failed = Describe(hop, connectedTo, e, timeout.IsCancellationRequested, check);
            (transcript as ITranscriptNotes)?.Note($"{failed.Reason} (dsn={failed.Dsn})");
            client.Dispose();
            return (null, failed);
        }
    }

    /// <summary>As sendmail writes relay=: "[10.0.0.2]" for an address hop, "name [address]" otherwise, with
    /// ":port" when it is not 25 (issue 13: a partner with gateways on several ports, and a NOC engineer
    /// reading "Connection refused by [10.0.0.2]", must know which one refused).</summary>
    public static string RelayName(NextHop hop, IPAddress? address) =>
        (hop.Address is not null || address is null ? hop.Relay : $"{hop.Host} [{address}]")
        + (hop.Port == NextHop.DefaultPort ? "" : $":{hop.Port}");

    private static Failed Describe(NextHop hop, IPAddress? address, Exception e, bool timedOut, CertificateCheck check)
    {
        var relay = RelayName(hop, address);
        return e switch
        {
            _ when timedOut => new Failed(relay, "4.4.1", $"Connection timed out with {relay}"),
            // RFC 3207: a peer that must be reached over TLS and does not offer it is not sent anything in clear.
            NotSupportedException when e.Message.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase) =>
                new Failed(relay, "4.7.10", $"TLS is required for {relay}, which offers no STARTTLS; not sent in clear"),
            SslHandshakeException => new Failed(relay, TlsFailureDsn, check.Problem.Length > 0
                ? $"TLS with {relay} failed: certificate not trusted ({check.Problem}); not sent in clear"
                : $"TLS handshake with {relay} failed ({e.Message})"),
            SocketException { SocketErrorCode: SocketError.ConnectionRefused } => new Failed(relay, "4.4.1", $"Connection refused by {relay}"),
            SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData } => new Failed(relay, "4.4.3", $"Host unknown ({hop.Host})"),
            SocketException s => new Failed(relay, "4.4.1", $"{s.SocketErrorCode} with {relay}"),
            SmtpCommandException c => new Failed(relay, SmtpReplyText.Dsn(c.StatusCode, c.Message, "4.4.2"), $"{relay} said: {(int)c.StatusCode} {c.Message}"),
            SmtpProtocolException or IOException or TimeoutException => new Failed(relay, "4.4.2", $"Lost connection with {relay} ({e.Message})"),
            _ => new Failed(relay, "4.4.0", $"{e.GetType().Name} with {relay}: {e.Message}"),
        };
    }
}
