using System.Reflection;
using MimeKit.IO;
using MimeKit.IO.Filters;

namespace MmsGateway.Relay.Delivery;

/// <summary>The dot-stuffing of DATA (RFC 5321 §4.5.2: a '.' that starts a line is doubled), done on whole blocks
/// with a vectorised search instead of MailKit's byte-by-byte filter, for the spooled body only.</summary>
/// <remarks>
/// A profile of a warm gateway relaying 100 KB messages had MailKit's <c>SmtpDataFilter</c> loop as its largest
/// managed frame (docs/performance.md). MailKit has no way to hand it data already stuffed, so the spooled body
/// recognises the stream MailKit's DATA writes through (a <see cref="FilteredStream"/> holding that one filter, stuffing
/// and at the start of a line) and writes the same bytes the filter would have written to the stream beneath it. Anything
/// else (BDAT, another filter, a filter in mid-line, a MailKit whose internals moved) gets the plain path through
/// the stream it was given: slower, never wrong. The unit tests compare both with MailKit's own filter, and fail
/// when the internals this relies on change.
/// </remarks>
internal static class DataStuffing
{
    private const string MailKitFilter = "MailKit.Net.Smtp.SmtpDataFilter";
    private static readonly FieldInfo? FiltersField = typeof(FilteredStream).GetField("filters", BindingFlags.Instance | BindingFlags.NonPublic);
    private static readonly Type? FilterType = typeof(MailKit.Net.Smtp.SmtpClient).Assembly.GetType(MailKitFilter);
    private static readonly FieldInfo? AtLineStartField = FilterType?.GetField("bol", BindingFlags.Instance | BindingFlags.NonPublic);
    // The same filter removes the stuffing of what MailKit reads (decode); only one that adds it is replaced.
    private static readonly FieldInfo? DecodeField = FilterType?.GetField("decode", BindingFlags.Instance | BindingFlags.NonPublic);
    private static readonly byte[] Dot = [(byte)'.'];
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();

    /// <summary>Whether the reflection this relies on still finds MailKit's filter and its state (a test asserts it).</summary>
    internal static bool Available => FiltersField is not null && FilterType is not null && AtLineStartField is not null && DecodeField is not null;

    /// <summary>The stream beneath MailKit's DATA filter when <paramref name="stream"/> is that filter alone and at
    /// the start of a line; otherwise null (write through <paramref name="stream"/> as given).</summary>
    public static Stream? BeneathDataFilter(Stream stream)
    {
        if (!Available || stream is not FilteredStream filtered) return null;
        if (FiltersField!.GetValue(filtered) is not List<IMimeFilter> { Count: 1 } filters || filters[0].GetType() != FilterType) return null;
        return DecodeField!.GetValue(filters[0]) is false && AtLineStartField!.GetValue(filters[0]) is true ? filtered.Source : null;
    }

    /// <summary>Writes <paramref name="data"/> with every '.' that starts a line doubled; <paramref name="atLineStart"/>
    /// says whether the byte before it ended a line (LF) or nothing came before. Returns the same for the next block.</summary>
    public static async ValueTask<bool> WriteAsync(Stream target, ReadOnlyMemory<byte> data, bool atLineStart, CancellationToken cancellationToken)
    {
        if (data.IsEmpty) return atLineStart;
        var from = 0;
        if (atLineStart && data.Span[0] == (byte)'.')
            await target.WriteAsync(Dot, cancellationToken).ConfigureAwait(false);
        int dot;
        while ((dot = NextLineStartingDot(data.Span, from)) >= 0)
        {
            // Up to the dot, then one more: the dot itself goes out with the next piece.
            await target.WriteAsync(data[from..dot], cancellationToken).ConfigureAwait(false);
            await target.WriteAsync(Dot, cancellationToken).ConfigureAwait(false);
            from = dot;
        }
        await target.WriteAsync(data[from..], cancellationToken).ConfigureAwait(false);
        return data.Span[^1] == (byte)'\n';
    }

    /// <summary>Ends the data as MailKit's filter does when flushed: with a CRLF unless a line just ended. A spooled
    /// message always ends with one (DATA's own end), so this writes nothing but keeps the two paths alike.</summary>
    public static ValueTask FinishAsync(Stream target, bool atLineStart, CancellationToken cancellationToken) =>
        atLineStart ? ValueTask.CompletedTask : target.WriteAsync(LineEnd, cancellationToken);

    // The offset of the next '.' right after an LF, at or after from + 1; -1 when there is none.
    private static int NextLineStartingDot(ReadOnlySpan<byte> data, int from)
    {
        var at = data[from..].IndexOf("\n."u8);
        return at < 0 ? -1 : from + at + 1;
    }
}
