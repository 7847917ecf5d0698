using System.Net;

namespace MmsGateway.Relay.Smtp;

/// <summary>Gateway:Smtp. The inbound listener and its limits.</summary>
public sealed class SmtpOptions
{
    public const string DefaultListen = "127.0.0.1:2525";

    /// <summary>One or more "address:port" to listen on; "[::1]:25" for IPv6. Empty means
    /// <see cref="DefaultListen"/> (a non-empty default would be appended to by the configuration binder).</summary>
    public string[] Listen { get; set; } = [];

    /// <summary>Shown in the banner, the EHLO reply and Received: headers; nothing about the software.</summary>
    public string Hostname { get; set; } = Dns.GetHostName();

    /// <summary>Bytes, like the seed's confMAX_MESSAGE_SIZE; advertised in EHLO SIZE.</summary>
    public long MaxMessageSize { get; set; } = 20_000_000;

    public int MaxRecipients { get; set; } = 1000;

    /// <summary>Concurrent sessions; one more is answered 421 and closed.</summary>
    public int MaxConnections { get; set; } = 200;

    /// <summary>Concurrent sessions from one client address (Postfix's smtpd_client_connection_count_limit);
    /// one more is answered 421 and closed, so one peer cannot take every slot. Relay clients (our own
    /// MMSCs) are exempt, as Postfix exempts $mynetworks. 0 means no limit.</summary>
    public int MaxConnectionsPerClient { get; set; } = 50;

    /// <summary>Received: header fields an incoming message may already carry (sendmail's MaxHopCount):
    /// more is a mail loop, refused 554 5.4.6.</summary>
    public int MaxHops { get; set; } = 25;

    /// <summary>Bytes of messages being received, all sessions together, held in memory until spooled.
    /// A DATA that would go past it is answered 451 4.3.1 (the sender keeps the message and retries).</summary>
    public long DataMemoryBudget { get; set; } = 256L * 1024 * 1024;

    /// <summary>Error replies in one session before it is closed with 421 (Postfix's hard error limit).</summary>
    public int MaxErrors { get; set; } = 20;

    /// <summary>RFC 5321 §4.5.3.2.7: the server waits at least 5 minutes for the next command. The time
    /// is for the whole command line: bytes trickling in one at a time do not restart it.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>RFC 5321 §4.5.3.2.5: at least 3 minutes between two blocks of DATA.</summary>
    public TimeSpan DataTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>The whole DATA transfer, from 354 to the final dot, however steadily it trickles
    /// (20 MB in 10 minutes is 33 KB/s). Past it the session is closed with 421 and nothing is kept.</summary>
    public TimeSpan DataTransferTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>On shutdown, how long transactions in flight may take to finish.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>STARTTLS: the certificate and the default mode of the listeners.</summary>
    public SmtpTlsOptions Tls { get; set; } = new();

    /// <summary>A Listen entry: "address:port", optionally followed by "starttls=none|offer|require".</summary>
    public static bool TryParseListener(string text, out IPEndPoint endpoint, out StartTlsMode? mode, out string error)
    {
        mode = null;
        error = "";
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || !TryParseEndpoint(parts[0], out endpoint))
        {
            endpoint = null!;
            error = $"'{text}' is not an IP address:port such as 127.0.0.1:2525 or [::1]:2525";
            return false;
        }
        foreach (var option in parts.Skip(1))
        {
            var (key, value) = option.IndexOf('=') is var eq and > 0 ? (option[..eq], option[(eq + 1)..]) : (option, "");
            if (!key.Equals("starttls", StringComparison.OrdinalIgnoreCase) || !Enum.TryParse<StartTlsMode>(value, ignoreCase: true, out var m)
                || !Enum.IsDefined(m) || int.TryParse(value, out _))
            {
                error = $"'{text}': '{option}' is not starttls=none, starttls=offer or starttls=require";
                return false;
            }
            mode = m;
        }
        return true;
    }

    /// <summary>"127.0.0.1:2525" or "[::1]:2525"; port 0 picks a free port (tests).</summary>
    public static bool TryParseEndpoint(string text, out IPEndPoint endpoint)
    {
        endpoint = null!;
        var colon = text.LastIndexOf(':');
        if (colon <= 0) return false;
        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        else if (host.Contains(':')) return false;
        if (!IPAddress.TryParse(host, out var ip) || !int.TryParse(text[(colon + 1)..], out var port) || port is < 0 or > 65535)
            return false;
        endpoint = new IPEndPoint(ip, port);
        return true;
    }
}
