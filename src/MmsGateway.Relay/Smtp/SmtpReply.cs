using System.Text;

namespace MmsGateway.Relay.Smtp;

/// <summary>One SMTP reply: a code, an RFC 3463 enhanced status code and one or more text lines.</summary>
public sealed record SmtpReply(int Code, string? Enhanced, IReadOnlyList<string> Lines)
{
    public SmtpReply(int code, string? enhanced, string text) : this(code, enhanced, [text]) { }

    public bool IsPositive => Code is >= 200 and < 400;

    public bool IsError => Code >= 400;

    // RFC 5321 §4.2.1: every line but the last carries "-" after the code; the enhanced code
    // (RFC 2034 §3) is repeated on every line.
    // Most replies are shared instances (SmtpReplies): encode each once.
    private byte[]? _bytes;

    public byte[] ToBytes() => _bytes ??= Encode();

    private byte[] Encode()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < Lines.Count; i++)
        {
            sb.Append(Code).Append(i == Lines.Count - 1 ? ' ' : '-');
            if (Enhanced is not null) sb.Append(Enhanced).Append(' ');
            sb.Append(Lines[i]).Append("\r\n");
        }
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    public override string ToString() => Encoding.ASCII.GetString(ToBytes()).TrimEnd();
}
