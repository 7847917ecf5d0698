using System.Buffers;
using System.Reflection;
using MimeKit;
using MmsGateway.Relay.Mail;

namespace MmsGateway.Relay.Delivery;

/// <summary>Wraps spooled bytes in a <see cref="MimeMessage"/> that MailKit writes out byte for byte.</summary>
/// <remarks>
/// A relay must not rewrite what it forwards: the seed's sendmail qualified "To: +4512345678/TYPE=PLMN"
/// headers and broke MM4. Re-serialising a parsed MimeMessage would also drop Bcc and Content-Length
/// (MailKit hides them) and may re-fold headers. So MimeKit is given one header, our own leading
/// Received:, and a body entity that copies every spooled byte after it, the sender's header block
/// included, untouched.
///
/// MimeKit always writes a blank line between its headers and the body, and insists that a raw header
/// value ends with a newline; a header-only message (no blank line at all) would leave with one CRLF
/// more than it came with. Our Received: value is therefore stored without its final CRLF, and the
/// separator MimeKit writes is that CRLF. <see cref="Header.SetRawValue"/> refuses such a value, so it
/// is set on the field behind it; the table-driven byte-exactness test fails if MimeKit ever changes this.
/// </remarks>
internal static class SpooledMimeMessage
{
    private static readonly byte[] Leader = "Received:"u8.ToArray();
    // Our own header is at most a few hundred octets (HELO, peer literal, one recipient).
    private const int MaxOwnHeader = 16 * 1024;
    private static readonly FieldInfo RawValue = typeof(Header).GetField("rawValue", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new MissingFieldException(nameof(Header), "rawValue");

    public static MimeMessage Create(Func<Stream> open)
    {
        byte[] start;
        int read;
        using (var stream = open())
        {
            start = new byte[MaxOwnHeader];
            read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        }
        var end = EndOfOwnHeader(start.AsSpan(0, read), ended: read < start.Length);
        var received = new Header(HeaderId.Received, "x");
        received.SetRawValue(start[Leader.Length..(end + 2)]);
        RawValue.SetValue(received, start[Leader.Length..end]);

        var message = new MimeMessage();
        message.Headers.Clear();
        message.Headers.Add(received);
        var body = new SpooledBodyEntity(open, end + 2);
        body.Headers.Clear();
        message.Body = body;
        return message;
    }

    /// <summary>Offset of the CRLF that ends our Received: header (the first CRLF not followed by
    /// folding white space). A spooled message that does not start with it cannot be sent as received.</summary>
    internal static int EndOfOwnHeader(ReadOnlySpan<byte> start, bool ended)
    {
        if (!start.StartsWith(Leader))
            throw new InvalidDataException("spooled message does not start with our Received: header");
        var headers = SpooledHeaders.Parse(start, ended, maxFields: 1);
        if (headers.Count == 0) throw new InvalidDataException("spooled message has no end to our Received: header");
        return headers.EndOf(0);
    }

    private sealed class SpooledBodyEntity(Func<Stream> open, long offset) : MimeEntity(new ContentType("application", "octet-stream"))
    {
        private const int CopyBuffer = 64 * 1024;

        public override void WriteTo(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
        {
            using var source = open();
            source.Seek(offset, SeekOrigin.Begin);
            source.CopyTo(stream);
        }

        public override async Task WriteToAsync(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
        {
            // Read synchronously: the segment is almost always in the page cache, and an async file read on Linux
            // is a blocking read on another pool thread, one more hand-off per 80 KB for nothing.
            await using var source = open();
            source.Seek(offset, SeekOrigin.Begin);
            // Under DATA, the dots are stuffed here, a block at a time, instead of a byte at a time by MailKit.
            var beneath = DataStuffing.BeneathDataFilter(stream);
            var atLineStart = true;
            var buffer = ArrayPool<byte>.Shared.Rent(CopyBuffer);
            try
            {
                int n;
                while ((n = source.Read(buffer, 0, CopyBuffer)) > 0)
                {
                    if (beneath is null) await stream.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                    else atLineStart = await DataStuffing.WriteAsync(beneath, buffer.AsMemory(0, n), atLineStart, cancellationToken).ConfigureAwait(false);
                }
                if (beneath is not null) await DataStuffing.FinishAsync(beneath, atLineStart, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        // MailKit asks entities to re-encode for 7-bit servers; spooled bytes are never re-encoded.
        public override void Prepare(EncodingConstraint constraint, int maxLineLength = 78) { }

        public override void Accept(MimeVisitor visitor) { }
    }
}
