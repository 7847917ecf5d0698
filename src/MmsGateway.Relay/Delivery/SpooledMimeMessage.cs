using MimeKit;

namespace MmsGateway.Relay.Delivery;

/// <summary>Wraps spooled bytes in a <see cref="MimeMessage"/> that MailKit writes out byte for byte.</summary>
/// <remarks>
/// A relay must not rewrite what it forwards: the seed's sendmail qualified "To: +4512345678/TYPE=PLMN"
/// headers and broke MM4. Re-serialising a parsed MimeMessage would also drop Bcc and Content-Length
/// (MailKit hides them) and may re-fold headers. So the whole header block travels as the raw value
/// of our own leading Received: header, which MimeKit writes verbatim and never inspects, and the
/// body is an entity that copies the spooled bytes. The one normalisation: a message without a
/// header/body separator leaves with an empty body after a blank line, as MimeKit always writes one.
/// </remarks>
internal static class SpooledMimeMessage
{
    private const string Leader = "Received:";
    private const int MaxHeaderBlock = 1024 * 1024;

    public static MimeMessage Create(Func<Stream> open)
    {
        using var stream = open();
        var (headerBlock, bodyOffset) = ReadHeaderBlock(stream);
        var message = new MimeMessage();
        message.Headers.Clear();
        var received = new Header(HeaderId.Received, "x");
        received.SetRawValue(headerBlock);
        message.Headers.Add(received);
        var body = new SpooledBodyEntity(open, bodyOffset);
        body.Headers.Clear();
        message.Body = body;
        return message;
    }

    // Returns the bytes after "Received:" up to and including the CRLF that ends the last header
    // line, and the offset at which the body starts (after the empty line).
    private static (byte[] Raw, long BodyOffset) ReadHeaderBlock(Stream stream)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        var searchFrom = 0;
        while ((n = stream.Read(chunk)) > 0)
        {
            buffer.Write(chunk, 0, n);
            var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
            var at = bytes[Math.Max(0, searchFrom - 3)..].IndexOf("\r\n\r\n"u8);
            if (at >= 0)
            {
                var end = Math.Max(0, searchFrom - 3) + at + 2;   // keep the CRLF of the last header line
                return (Slice(bytes[..end]), end + 2);
            }
            searchFrom = bytes.Length;
            if (bytes.Length > MaxHeaderBlock) break;
        }
        var all = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        return (Slice(all), all.Length);
    }

    private static byte[] Slice(ReadOnlySpan<byte> headers)
    {
        if (!headers.StartsWith(System.Text.Encoding.ASCII.GetBytes(Leader)))
            throw new InvalidDataException("spooled message does not start with our Received: header");
        return headers[Leader.Length..].ToArray();
    }

    private sealed class SpooledBodyEntity(Func<Stream> open, long offset) : MimeEntity(new ContentType("application", "octet-stream"))
    {
        public override void WriteTo(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
        {
            using var source = open();
            source.Seek(offset, SeekOrigin.Begin);
            source.CopyTo(stream);
        }

        public override async Task WriteToAsync(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
        {
            await using var source = open();
            source.Seek(offset, SeekOrigin.Begin);
            await source.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        // MailKit asks entities to re-encode for 7-bit servers; spooled bytes are never re-encoded.
        public override void Prepare(EncodingConstraint constraint, int maxLineLength = 78) { }

        public override void Accept(MimeVisitor visitor) { }
    }
}
