using System.Security.Authentication;

namespace MmsGateway.Relay.Smtp;

/// <summary>TLS protocol names as mail logs write them ("TLSv1.3"), for the log line, Received: and metrics.</summary>
public static class TlsNames
{
    public static string Protocol(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        _ => protocol.ToString(),
    };
}
