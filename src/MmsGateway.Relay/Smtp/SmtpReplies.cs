using MmsGateway.Relay.Policy;

namespace MmsGateway.Relay.Smtp;

/// <summary>The fixed replies of the inbound server, in one place so tests and code agree on codes.</summary>
public static class SmtpReplies
{
    public static SmtpReply Ok(string text = "Ok") => new(250, "2.0.0", text);
    public static readonly SmtpReply SenderOk = new(250, "2.1.0", "Ok");
    public static readonly SmtpReply RecipientOk = new(250, "2.1.5", "Ok");
    public static readonly SmtpReply StartData = new(354, null, "End data with <CR><LF>.<CR><LF>");
    public static readonly SmtpReply Help = new(214, "2.0.0",
        ["Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT HELP VRFY", "End of HELP"]);

    // sendmail's goaway privacy (the seed's confPRIVACY_FLAGS): never confirm or expand an address.
    public static readonly SmtpReply VrfyRefused = new(252, "2.5.2", "Cannot VRFY user, but will accept message and attempt delivery");
    public static readonly SmtpReply ExpnRefused = new(502, "5.5.1", "EXPN not available");

    // RFC 3207 §4: a listener that requires TLS refuses mail in plaintext.
    public static readonly SmtpReply TlsRequired = new(530, "5.7.0", "Must issue a STARTTLS command first");
    public static readonly SmtpReply NeedHelo = new(503, "5.5.1", "Error: send HELO/EHLO first");
    public static readonly SmtpReply NestedMail = new(503, "5.5.1", "Error: nested MAIL command");
    public static readonly SmtpReply NeedMail = new(503, "5.5.1", "Error: need MAIL command");
    public static readonly SmtpReply NeedRcpt = new(503, "5.5.1", "Error: need RCPT command");
    // RFC 2920 §3.1: with every RCPT refused, a pipelined DATA must fail rather than open a transaction.
    public static readonly SmtpReply NoValidRecipients = new(554, "5.5.1", "Error: no valid recipients");

    public static readonly SmtpReply Unrecognized = new(500, "5.5.2", "Error: command not recognized");
    public static readonly SmtpReply NotImplemented = new(502, "5.5.1", "Error: command not implemented");
    public static readonly SmtpReply LineTooLong = new(500, "5.5.2", "Error: line too long (RFC 5321 §4.5.3.1.4: 512 octets at most)");
    public static readonly SmtpReply BareLineEnding = new(500, "5.5.2", "Error: bare CR in command; lines end with CRLF (RFC 5321 §2.3.8)");
    // As Postfix's smtpd_forbid_bare_newline: after a bare LF the client's framing cannot be trusted,
    // so nothing more from it is read (no command can ride in behind the LF).
    public static SmtpReply BareLf(string host) => new(521, "5.5.2", $"{host} Error: bare <LF> received; lines end with CRLF (RFC 5321 §2.3.8)");
    public static readonly SmtpReply NulInCommand = new(500, "5.5.2", "Error: NUL character in command");

    public static readonly SmtpReply SizeExceeded = new(552, "5.3.4", "Error: message size exceeds fixed limit");
    public static readonly SmtpReply TooManyRecipients = new(452, "4.5.3", "Error: too many recipients");
    public static readonly SmtpReply DataBareLineEnding = new(554, "5.6.0", "Error: message refused, bare CR or LF in data (RFC 5321 §2.3.8)");
    public static readonly SmtpReply DataNul = new(554, "5.6.0", "Error: message refused, NUL character in data");
    public static readonly SmtpReply DataLineTooLong = new(554, "5.6.0", "Error: message refused, a text line exceeds 1000 octets (RFC 5321 §4.5.3.1.6)");
    /// <summary>The memory budget for messages being received is spent: not the message's fault, try later.</summary>
    public static readonly SmtpReply OverMemoryBudget = new(451, "4.3.1", "Error: insufficient system resources for the message, try again later");
    public static SmtpReply TooManyHops(int hops, int max) => new(554, "5.4.6", $"Error: too many hops ({hops} Received: headers, at most {max}); mail loop?");
    /// <summary>Reject mode of the MM4 lint (issue 14): the rule and what it found, printable ASCII within one line.</summary>
    public static SmtpReply Mm4LintRefused(string rule, string text)
    {
        var clean = new string(text.Select(c => c is >= ' ' and <= '~' ? c : '?').Take(300).ToArray());
        return new(554, "5.6.0", $"Error: message refused by MM4 lint, rule {rule}: {clean}");
    }
    public static readonly SmtpReply InsufficientStorage = new(452, "4.3.1", "Error: insufficient system storage");
    public static readonly SmtpReply QueueUnavailable = new(451, "4.3.0", "Error: queue file write error, try again later");

    public static SmtpReply Greeting(string host) => new(220, null, $"{host} ESMTP");
    public static SmtpReply Closing(string host) => new(221, "2.0.0", $"{host} closing connection");
    public static SmtpReply TooManyConnections(string host) => new(421, "4.7.0", $"{host} too many connections, try again later");
    public static SmtpReply TooManyFromClient(string host) => new(421, "4.7.0", $"{host} too many connections from your address, try again later");
    public static SmtpReply DataTooSlow(string host) => new(421, "4.4.2", $"{host} DATA took too long, closing connection");
    public static SmtpReply TooManyErrors(string host) => new(421, "4.7.0", $"{host} too many errors, closing connection");
    public static SmtpReply Timeout(string host) => new(421, "4.4.2", $"{host} timeout exceeded, closing connection");
    public static SmtpReply ShuttingDown(string host) => new(421, "4.3.2", $"{host} service shutting down, try again later");
    public static SmtpReply Queued(string queueId) => new(250, "2.0.0", $"Ok: queued as {queueId}");
    /// <summary>A domain we neither route nor own: never an open relay (the seed's access map default).</summary>

    /// <summary>The reply to a refused recipient (null when accepted): the access map says why, SMTP says how.</summary>
    public static SmtpReply? ForAccess(AccessDecision decision) => decision.Verdict switch
    {
        AccessVerdict.Accept => null,
        AccessVerdict.RelayDenied => new SmtpReply(550, "5.7.1", $"{decision.Text}: Relay access denied"),
        AccessVerdict.TryLater => new SmtpReply(451, "4.7.1", decision.Text),
        _ => new SmtpReply(550, "5.7.1", decision.Text),
    };
    public static SmtpReply SyntaxError(string enhanced, string text) => new(501, enhanced, $"Error: {text}");
}
