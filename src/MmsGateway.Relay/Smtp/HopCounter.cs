namespace MmsGateway.Relay.Smtp;

/// <summary>Counts the Received: header fields of a message's header block, the loop guard of
/// RFC 5321 §6.3 (sendmail's MaxHopCount, Postfix's hopcount_limit). Resumes across chunks; stops at
/// the empty line that ends the header block, so the body is never read.</summary>
public sealed class HopCounter
{
    private static ReadOnlySpan<byte> Name => "received:"u8;
    private int _column;     // octets of the current line so far
    private int _matched;    // of "received:" at the start of the line; equal to _column while it matches
    private bool _cr;

    public int Count { get; private set; }

    /// <summary>True once the header block has ended: nothing later can add to the count.</summary>
    public bool Done { get; private set; }

    public void Feed(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (Done) return;
            if (b == '\n' && _cr)
            {
                if (_column == 1) { Done = true; return; }   // the line was empty: end of the header block
                _column = _matched = 0;
                _cr = false;
                continue;
            }
            _cr = b == '\r';
            var lower = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
            if (_matched == _column && _matched < Name.Length && lower == Name[_matched] && ++_matched == Name.Length) Count++;
            _column++;
        }
    }

    public static int CountIn(IEnumerable<ReadOnlyMemory<byte>> segments)
    {
        var counter = new HopCounter();
        foreach (var s in segments)
        {
            counter.Feed(s.Span);
            if (counter.Done) break;
        }
        return counter.Count;
    }
}
