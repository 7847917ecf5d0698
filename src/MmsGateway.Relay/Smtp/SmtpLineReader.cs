using System.Buffers;

namespace MmsGateway.Relay.Smtp;

/// <summary>Frames command lines. Exposure: raw bytes from any client.
/// Only CRLF ends a line (RFC 5321 §2.3.8). A bare LF ends the conversation (<see cref="Outcome.BareLf"/>),
/// so that a smuggled "\n" can never make one line look like two commands.</summary>
public sealed class SmtpLineReader(int maxLineLength = SmtpLineReader.DefaultMaxLine)
{
    // RFC 5321 §4.5.3.1.4: a command line is at most 512 octets including CRLF.
    public const int DefaultMaxLine = 512;

    private bool _discarding;

    /// <summary>Refused: answer and go on. BareLf: answer and close, the framing is lost.</summary>
    public enum Outcome { NeedMore, Line, Refused, BareLf }

    /// <summary>Takes one line from the front of <paramref name="buffer"/>, advancing it past what was consumed.</summary>
    public Outcome TryRead(ref ReadOnlySequence<byte> buffer, out byte[] line, out SmtpReply refusal)
    {
        line = [];
        refusal = SmtpReplies.Unrecognized;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> raw, (byte)'\n', advancePastDelimiter: true))
        {
            // No end of line yet: once more than a line's worth is buffered, drop it and remember
            // to refuse when the line finally ends, so a hostile client cannot grow our memory.
            if (buffer.Length > maxLineLength)
            {
                _discarding = true;
                buffer = buffer.Slice(buffer.End);
            }
            return Outcome.NeedMore;
        }
        buffer = buffer.Slice(reader.Position);
        if (_discarding || raw.Length + 1 > maxLineLength)
        {
            _discarding = false;
            refusal = SmtpReplies.LineTooLong;
            return Outcome.Refused;
        }
        var bytes = raw.ToArray();
        if (bytes.Length == 0 || bytes[^1] != '\r') return Outcome.BareLf;
        if (Array.IndexOf(bytes, (byte)'\r') != bytes.Length - 1)
        {
            refusal = SmtpReplies.BareLineEnding;
            return Outcome.Refused;
        }
        line = bytes.AsSpan(0, bytes.Length - 1).ToArray();
        if (Array.IndexOf(line, (byte)0) >= 0)
        {
            refusal = SmtpReplies.NulInCommand;
            return Outcome.Refused;
        }
        return Outcome.Line;
    }
}
