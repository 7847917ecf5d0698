using System.Text;

namespace MmsGateway.Relay.Smtp;

/// <summary>Turns one command line (CRLF already removed, framing already checked by
/// <see cref="SmtpLineReader"/>) into a command or a refusal. A client's mistake is a reply, never an exception.</summary>
public static class SmtpCommandParser
{
    public static bool TryParse(ReadOnlySpan<byte> line, out SmtpCommand command, out SmtpReply refusal)
    {
        // Latin-1 keeps every octet as one char, so a non-ASCII byte is seen (and refused) rather than replaced.
        var text = Encoding.Latin1.GetString(line);
        var space = text.IndexOf(' ');
        var word = space < 0 ? text : text[..space];
        var argument = space < 0 ? "" : text[(space + 1)..];
        var verb = ToVerb(word);
        command = new SmtpCommand(verb, argument);
        refusal = SmtpReplies.Unrecognized;
        return verb switch
        {
            SmtpVerb.Unknown => false,
            SmtpVerb.Mail => TryParsePath(argument, "FROM:", allowNull: true, out command, out refusal),
            SmtpVerb.Rcpt => TryParsePath(argument, "TO:", allowNull: false, out command, out refusal),
            _ => true,
        };
    }

    private static SmtpVerb ToVerb(string word) => word.ToUpperInvariant() switch
    {
        "EHLO" => SmtpVerb.Ehlo, "HELO" => SmtpVerb.Helo, "MAIL" => SmtpVerb.Mail, "RCPT" => SmtpVerb.Rcpt,
        "DATA" => SmtpVerb.Data, "RSET" => SmtpVerb.Rset, "NOOP" => SmtpVerb.Noop, "QUIT" => SmtpVerb.Quit,
        "HELP" => SmtpVerb.Help, "VRFY" => SmtpVerb.Vrfy, "EXPN" => SmtpVerb.Expn, "STARTTLS" => SmtpVerb.StartTls,
        "AUTH" => SmtpVerb.Auth, "BDAT" => SmtpVerb.Bdat,
        _ => SmtpVerb.Unknown,
    };

    private static bool TryParsePath(string argument, string keyword, bool allowNull, out SmtpCommand command, out SmtpReply refusal)
    {
        var verb = allowNull ? SmtpVerb.Mail : SmtpVerb.Rcpt;
        var enhanced = allowNull ? "5.1.7" : "5.1.3";
        command = new SmtpCommand(verb, argument);
        refusal = SmtpReplies.SyntaxError("5.5.4", $"syntax: {(allowNull ? "MAIL FROM:<address>" : "RCPT TO:<address>")}");
        if (!argument.StartsWith(keyword, StringComparison.OrdinalIgnoreCase)) return false;

        // Tolerate "MAIL FROM: <a@b>" as Postfix and sendmail do; RFC 5321 has no space there.
        var rest = argument[keyword.Length..].TrimStart(' ');
        if (rest.Length == 0 || rest[0] != '<') return false;
        var close = rest.IndexOf('>');
        if (close < 0) return false;
        var inner = rest[1..close];
        var tail = rest[(close + 1)..];
        if (tail.Length > 0 && tail[0] != ' ') return false;

        // RFC 5321 §4.1.2 / §C: a source route "@a,@b:" is accepted and ignored.
        if (inner.StartsWith('@'))
        {
            var colon = inner.IndexOf(':');
            if (colon < 0) { refusal = SmtpReplies.SyntaxError(enhanced, "bad source route"); return false; }
            inner = inner[(colon + 1)..];
        }

        SmtpAddress path;
        if (inner.Length == 0)
        {
            if (!allowNull) { refusal = SmtpReplies.SyntaxError(enhanced, "empty recipient address"); return false; }
            path = SmtpAddress.Null;
        }
        else if (inner.Any(c => c > 126 || c < 33 && !IsInQuotes(inner, c)))
        {
            refusal = SmtpReplies.SyntaxError(enhanced, "address contains characters not allowed without SMTPUTF8");
            return false;
        }
        else if (!SmtpAddress.TryParse(inner, out path, out var error))
        {
            refusal = SmtpReplies.SyntaxError(enhanced, $"bad address syntax: {error}");
            return false;
        }

        if (!TryParseParameters(tail, out var parameters, out refusal)) return false;
        command = new SmtpCommand(verb, argument) { Path = path, Parameters = parameters };
        return true;
    }

    private static bool IsInQuotes(string inner, char c) => c == ' ' && inner.StartsWith('"');

    private static bool TryParseParameters(string tail, out Dictionary<string, string?> parameters, out SmtpReply refusal)
    {
        parameters = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        refusal = SmtpReplies.Unrecognized;
        foreach (var token in tail.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = token.IndexOf('=');
            var key = eq < 0 ? token : token[..eq];
            var value = eq < 0 ? null : token[(eq + 1)..];
            if (key.Length == 0 || !key.All(char.IsAsciiLetterOrDigit) || !parameters.TryAdd(key, value))
            {
                refusal = SmtpReplies.SyntaxError("5.5.4", $"bad parameter '{token}'");
                return false;
            }
        }
        return true;
    }
}
