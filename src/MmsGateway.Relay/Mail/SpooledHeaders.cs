using System.Text;

namespace MmsGateway.Relay.Mail;

/// <summary>The header block of a message as spooled (RFC 5322 §2.2), found in one pass over the bytes:
/// the one reader behind the loop guard, delivery's byte-exact hand-over, bounces, the console's drawer
/// and the MM4 classifier. Nothing is re-encoded: names and values are decoded (Latin-1, unfolded) only
/// when asked, so counting fields allocates nothing per field.</summary>
public sealed class SpooledHeaders
{
    /// <summary>How much of a message is read for its header block by default. MM4 header blocks are a
    /// few KB; a block longer than this is read in its first part only (<see cref="Complete"/> is false).</summary>
    public const int DefaultLimit = 64 * 1024;

    private readonly byte[] _bytes;
    private readonly Field[] _fields;

    // A field: its first byte, the end of its name (the colon), and the CRLF that ends it.
    private readonly record struct Field(int Start, int Colon, int End);

    private SpooledHeaders(byte[] bytes, Field[] fields, int blockEnd, bool complete)
    {
        _bytes = bytes;
        _fields = fields;
        BlockLength = blockEnd;
        Complete = complete;
    }

    public int Count => _fields.Length;

    /// <summary>The empty line that ends the header block was found (or the message ended) within what was read.</summary>
    public bool Complete { get; }

    /// <summary>Octets of the header block through the CRLF of its last field, without the empty line.</summary>
    public int BlockLength { get; }

    /// <summary>The header block exactly as spooled (RFC 3462 text/rfc822-headers takes it as is).</summary>
    public ReadOnlyMemory<byte> Block => _bytes.AsMemory(0, BlockLength);

    public string Name(int i) => Encoding.Latin1.GetString(_bytes, _fields[i].Start, _fields[i].Colon - _fields[i].Start);

    /// <summary>The field's value unfolded: each CRLF and the white space around it become one space.</summary>
    public string Value(int i)
    {
        var f = _fields[i];
        var raw = Encoding.Latin1.GetString(_bytes, f.Colon + 1, f.End - f.Colon - 1);
        if (!raw.Contains('\n')) return raw.Trim();
        return string.Join(' ', raw.Split("\r\n").Select(l => l.Trim()).Where(l => l.Length > 0));
    }

    /// <summary>Offset in the message of the CRLF that ends field <paramref name="i"/>.</summary>
    public int EndOf(int i) => _fields[i].End;

    /// <summary>Whether field <paramref name="i"/> is named <paramref name="name"/> (ASCII, any case).</summary>
    public bool Is(int i, string name)
    {
        var f = _fields[i];
        if (f.Colon - f.Start != name.Length) return false;
        for (var k = 0; k < name.Length; k++)
            if (char.ToLowerInvariant((char)_bytes[f.Start + k]) != char.ToLowerInvariant(name[k])) return false;
        return true;
    }

    public int CountOf(string name)
    {
        var n = 0;
        for (var i = 0; i < _fields.Length; i++) if (Is(i, name)) n++;
        return n;
    }

    /// <summary>The first field of that name, unfolded, or null.</summary>
    public string? First(string name)
    {
        for (var i = 0; i < _fields.Length; i++) if (Is(i, name)) return Value(i);
        return null;
    }

    public IReadOnlyList<(string Name, string Value)> ToList() =>
        Enumerable.Range(0, _fields.Length).Select(i => (Name(i), Value(i))).ToList();

    /// <summary>Reads the header block from the start of a message. <paramref name="ended"/> says that
    /// <paramref name="start"/> is the whole message, so its last line ends a field even without more
    /// bytes after it. <paramref name="maxFields"/> stops early (delivery needs only the first).</summary>
    public static SpooledHeaders Parse(ReadOnlySpan<byte> start, bool ended, int maxFields = int.MaxValue)
    {
        var fields = new List<Field>();
        int fieldStart = -1, colon = -1, at = 0, blockEnd = 0;
        var complete = false;
        while (fields.Count < maxFields)
        {
            var crlf = start[at..].IndexOf("\r\n"u8);
            if (crlf < 0) { complete = ended && at == start.Length; break; }
            var lineEnd = at + crlf;
            if (crlf == 0) { complete = true; break; }                      // the empty line: the block ends
            if (start[at] is not ((byte)' ' or (byte)'\t'))
            {
                fieldStart = at;
                colon = NameEnd(start[at..lineEnd]) is var c and >= 0 ? at + c : -1;
            }
            // The field ends here unless the next line continues it (RFC 5322 §2.2.3 folding).
            var next = lineEnd + 2;
            if (next >= start.Length && !ended) break;                      // cannot tell yet: read more
            if (next >= start.Length || start[next] is not ((byte)' ' or (byte)'\t'))
            {
                if (fieldStart >= 0 && colon > fieldStart) fields.Add(new Field(fieldStart, colon, lineEnd));
                fieldStart = -1;
                blockEnd = next;
            }
            at = next;
        }
        return new SpooledHeaders(start[..blockEnd].ToArray(), fields.ToArray(), blockEnd, complete);
    }

    /// <summary>The header block of a message held in chunks (DATA as received), within <paramref name="limit"/> octets.</summary>
    public static SpooledHeaders Read(IEnumerable<ReadOnlyMemory<byte>> segments, int limit = DefaultLimit)
    {
        // Usually the whole block is in the first chunk: parse it where it lies.
        var first = segments.FirstOrDefault();
        if (first.Length <= limit && first.Span.IndexOf("\r\n\r\n"u8) >= 0) return Parse(first.Span, ended: true);
        var buffer = new HeadCollector(limit);
        var ended = true;
        foreach (var s in segments)
        {
            if (!buffer.Append(s.Span)) { ended = false; break; }
            if (buffer.HasBlankLine) break;
        }
        return Parse(buffer.Written, ended && !buffer.Full);
    }

    /// <summary>The header block from the start of a stream positioned at the message's first octet.</summary>
    public static async Task<SpooledHeaders> ReadAsync(Stream message, int limit = DefaultLimit, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[limit];
        var length = 0;
        int n;
        var ended = false;
        while (length < limit)
        {
            n = await message.ReadAsync(buffer.AsMemory(length, limit - length), cancellationToken).ConfigureAwait(false);
            if (n == 0) { ended = true; break; }
            var from = Math.Max(0, length - 3);
            length += n;
            if (buffer.AsSpan(from, length - from).IndexOf("\r\n\r\n"u8) >= 0) break;
        }
        return Parse(buffer.AsSpan(0, length), ended);
    }

    // A field name is printable ASCII other than the colon (RFC 5322 §3.6.8); -1 if the line has none.
    private static int NameEnd(ReadOnlySpan<byte> line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            var b = line[i];
            if (b == ':') return i;
            if (b is < 33 or > 126) return -1;
        }
        return -1;
    }

    // Collects the first chunks of a message up to a limit, noticing the blank line that ends the block.
    private sealed class HeadCollector(int limit)
    {
        private readonly byte[] _buffer = new byte[Math.Min(limit, 4096)];
        private byte[] _data = [];
        private int _length;

        public ReadOnlySpan<byte> Written => (_data.Length > 0 ? _data : _buffer).AsSpan(0, _length);

        public bool Full => _length >= limit;

        public bool HasBlankLine { get; private set; }

        public bool Append(ReadOnlySpan<byte> bytes)
        {
            var take = Math.Min(bytes.Length, limit - _length);
            var target = _data.Length > 0 ? _data : _buffer;
            if (_length + take > target.Length)
            {
                var grown = new byte[Math.Min(limit, Math.Max(target.Length * 2, _length + take))];
                target.AsSpan(0, _length).CopyTo(grown);
                _data = target = grown;
            }
            // Look for CRLF CRLF across the joint with what came before.
            var from = Math.Max(0, _length - 3);
            bytes[..take].CopyTo(target.AsSpan(_length));
            _length += take;
            HasBlankLine = HasBlankLine || target.AsSpan(from, _length - from).IndexOf("\r\n\r\n"u8) >= 0;
            return take == bytes.Length;
        }
    }
}
