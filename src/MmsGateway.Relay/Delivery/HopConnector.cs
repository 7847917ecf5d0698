using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MmsGateway.Relay.Routing;

namespace MmsGateway.Relay.Delivery;

/// <summary>A connection to a destination's first next hop that answers: the seed's mailertable
/// "smtp:[10.0.0.2]:[10.0.0.3]". The next hop is tried on connection failure, timeout, or a
/// greeting or EHLO that is not 2xx.</summary>
internal sealed class HopConnector(DeliveryOptions options, string localName)
{
    public sealed record Connected(DeliveryClient Client, NextHop Hop, string Relay);

    public sealed record Failed(string Relay, string Dsn, string Reason);

    public async Task<(Connected? Connection, Failed? Failure)> ConnectAsync(Route route, Func<NextHop, IProtocolLogger> capture, CancellationToken stopping)
    {
        Failed? last = null;
        foreach (var hop in route.Hops)
        {
            var client = new DeliveryClient(capture(hop))
            {
                LocalDomain = localName,
                Timeout = (int)Math.Min(int.MaxValue, options.CommandTimeout.TotalMilliseconds),
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
                    await client.ConnectAsync(socket, hop.Host, hop.Port, SecureSocketOptions.None, timeout.Token).ConfigureAwait(false);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
                return (new Connected(client, hop, RelayName(hop, connectedTo)), null);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                client.Dispose();
                last = Describe(hop, connectedTo, e, timeout.IsCancellationRequested);
            }
        }
        return (null, last ?? new Failed("", "4.4.1", "no next hop"));
    }

    /// <summary>As sendmail writes relay=: "[10.0.0.2]" for an address hop, "name [address]" otherwise.</summary>
    public static string RelayName(NextHop hop, IPAddress? address) =>
        hop.Address is not null || address is null ? hop.Relay : $"{hop.Host} [{address}]";

    private static Failed Describe(NextHop hop, IPAddress? address, Exception e, bool timedOut)
    {
        var relay = RelayName(hop, address);
        return e switch
        {
            _ when timedOut => new Failed(relay, "4.4.1", $"Connection timed out with {relay}"),
            SocketException { SocketErrorCode: SocketError.ConnectionRefused } => new Failed(relay, "4.4.1", $"Connection refused by {relay}"),
            SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData } => new Failed(relay, "4.4.3", $"Host unknown ({hop.Host})"),
            SocketException s => new Failed(relay, "4.4.1", $"{s.SocketErrorCode} with {relay}"),
            SmtpCommandException c => new Failed(relay, SmtpReplyText.Dsn(c.StatusCode, c.Message, "4.4.2"), $"{relay} said: {(int)c.StatusCode} {c.Message}"),
            SmtpProtocolException or IOException => new Failed(relay, "4.4.2", $"Lost connection with {relay} ({e.Message})"),
            _ => new Failed(relay, "4.4.0", $"{e.GetType().Name} with {relay}: {e.Message}"),
        };
    }
}
