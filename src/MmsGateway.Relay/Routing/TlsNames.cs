using System.Security.Authentication;

namespace MmsGateway.Relay.Routing;

/// <summary>TLS protocol names as mail logs write them ("TLSv1.3"), for both directions: the inbound
/// Received: and log line, and the delivery log line. Here, beside OutboundTls, where Smtp and Delivery both look down.</summary>
public static class TlsNames
{
    public static string Protocol(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        _ => protocol.ToString(),
    };
}
