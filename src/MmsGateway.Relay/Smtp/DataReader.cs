using System.Buffers;

namespace MmsGateway.Relay.Smtp;

/// <summary>Scans the DATA stream: finds the end, removes dot-stuffing, and notes defects.
/// Exposure: raw bytes from any client; a state machine that resumes across reads, so a
/// terminator split over two TCP segments is found and nothing is ever read ahead.</summary>
/// <remarks>
/// RFC 5321 §4.1.1.4: only CRLF "." CRLF ends DATA. Servers that also accepted LF "." LF,
/// LF "." CRLF or CR "." CRLF let a second message be smuggled inside the first, so a line
/// begins only after CRLF, and a bare CR or LF marks the message as refused while the scan
/// goes on to the real terminator. A defective message is still read to its end so that the
/// session stays in step with the client; nothing more is stored once a defect is seen.
/// </remarks>
public sealed class DataReader(long maxSize, int maxLineLength = DataReader.DefaultMaxLine)
{
    // RFC 5321 §4.5.3.1.6: a text line is at most 1000 octets including CRLF.
    public const int DefaultMaxLine = 1000;

    private enum State { LineStart, InLine, InLineCr, Dot, DotCr }

    private State _state = State.LineStart;
    private int _lineLength;
    private static readonly SearchValues<byte> Specials = SearchValues.Create("\r\n\0"u8);

    public long Size { get; private set; }

    public DataDefect Defects { get; private set; }

    /// <summary>Consumes bytes of <paramref name="input"/>, writing the unstuffed message to
    /// <paramref name="output"/>. Returns <see cref="DataEnd.Terminated"/> with
    /// <paramref name="consumed"/> just past the final CRLF "." CRLF; bytes after it belong to the next command.</summary>
    public DataEnd Scan(ReadOnlySpan<byte> input, IBufferWriter<byte> output, out int consumed)
    {
        var i = 0;
        while (i < input.Length)
        {
            switch (_state)
            {
                case State.LineStart:
                    _lineLength = 0;
                    if (input[i] == '.') { _state = State.Dot; _lineLength = 1; i++; continue; }
                    _state = State.InLine;
                    continue;

                case State.InLine:
                {
                    var rest = input[i..];
                    var run = rest.IndexOfAny(Specials);
                    var plain = run < 0 ? rest : rest[..run];
                    if (plain.Length > 0)
                    {
                        Emit(plain, output);
                        AddLine(plain.Length);
                        i += plain.Length;
                        if (run < 0) continue;
                    }
                    var c = input[i++];
                    if (c == '\r') { _state = State.InLineCr; continue; }
                    if (c == '\n') Defect(DataDefect.BareLineEnding);     // and still inside the same line
                    else Defect(DataDefect.Nul);
                    Emit([c], output);
                    AddLine(1);
                    continue;
                }

                case State.InLineCr:
                    if (input[i] == '\n')
                    {
                        Emit("\r\n"u8, output);
                        i++;
                        _state = State.LineStart;
                        continue;
                    }
                    Defect(DataDefect.BareLineEnding);
                    Emit("\r"u8, output);
                    AddLine(1);
                    _state = State.InLine;
                    continue;

                case State.Dot:
                    if (input[i] == '\r') { _state = State.DotCr; i++; continue; }
                    // RFC 5321 §4.5.2: a leading dot followed by more text is removed (unstuffing), and
                    // it does not count towards the line's 1000 octets: the limit is on the text line
                    // the sender meant, so a 998-octet line beginning with "." is 999 on the wire.
                    _lineLength = 0;
                    _state = State.InLine;
                    continue;

                case State.DotCr:
                    if (input[i] == '\n')
                    {
                        consumed = i + 1;
                        _state = State.LineStart;
                        return DataEnd.Terminated;
                    }
                    // "." CR <not LF>: the line goes on; the CR is bare.
                    Defect(DataDefect.BareLineEnding);
                    Emit(".\r"u8, output);
                    AddLine(1);
                    _state = State.InLine;
                    continue;
            }
        }
        consumed = i;
        return DataEnd.None;
    }

    private void AddLine(int n)
    {
        _lineLength += n;
        if (_lineLength > maxLineLength - 2) Defect(DataDefect.LineTooLong);
    }

    private void Defect(DataDefect d) => Defects |= d;

    /// <summary>Stops storing (the scan goes on to the terminator, so the session stays in step).</summary>
    public void Abandon(DataDefect why) => Defects |= why;

    private void Emit(ReadOnlySpan<byte> bytes, IBufferWriter<byte> output)
    {
        Size += bytes.Length;
        if (Size > maxSize) Defects |= DataDefect.TooBig;
        if (Defects != DataDefect.None) return;   // a refused message is not stored
        output.Write(bytes);
    }

    /// <summary>Whole-buffer convenience for tests and tools.</summary>
    public static (DataEnd End, int Consumed, byte[] Message, DataDefect Defects) Scan(ReadOnlySpan<byte> data, long maxSize = long.MaxValue)
    {
        var reader = new DataReader(maxSize);
        var output = new ArrayBufferWriter<byte>();
        var end = reader.Scan(data, output, out var consumed);
        return (end, consumed, output.WrittenSpan.ToArray(), reader.Defects);
    }
}
