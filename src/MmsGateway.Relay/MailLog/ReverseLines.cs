using System.Text;

namespace MmsGateway.Relay.MailLog;

/// <summary>Reads a log file's lines from a position backwards (newest first) in 64 KB blocks, so the
/// newest page of a 100 MB file costs one block, not the whole file.</summary>
internal static class ReverseLines
{
    private const int Block = 64 * 1024, MaxLine = 1024 * 1024;

    /// <summary>Opens <paramref name="path"/> for <see cref="Before"/>; null when it is gone (rotated and pruned since it was listed).</summary>
    public static FileStream? Open(string path)
    {
        try { return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1); }
        catch (FileNotFoundException) { return null; }
    }

    /// <summary>Lines that end before <paramref name="end"/> (-1: the end of the file), each with the offset
    /// where it starts; disposes <paramref name="stream"/> when done.</summary>
    public static IEnumerable<(long Start, string Line)> Before(FileStream stream, long end)
    {
        using var _ = stream;
        if (end < 0 || end > stream.Length) end = stream.Length;
        var pos = end;
        var partial = end == stream.Length;   // a line the writer has not finished is not a line yet
        var carry = Array.Empty<byte>();   // the start of a line whose beginning is in an earlier block
        while (pos > 0)
        {
            var n = (int)Math.Min(Block, pos);
            pos -= n;
            var data = new byte[n + carry.Length];
            stream.Position = pos;
            stream.ReadExactly(data, 0, n);
            carry.CopyTo(data, n);
            var lineEnd = data.Length;
            for (var i = data.Length - 1; i >= 0; i--)
            {
                if (data[i] != (byte)'\n') continue;
                if (i + 1 < lineEnd && !partial) yield return (pos + i + 1, Decode(data, i + 1, lineEnd));
                partial = false;
                lineEnd = i;
            }
            carry = lineEnd > MaxLine ? [] : data[..lineEnd];
        }
        if (carry.Length > 0 && !partial) yield return (0, Decode(carry, 0, carry.Length));
    }

    private static string Decode(byte[] data, int start, int end)
    {
        if (end > start && data[end - 1] == (byte)'\r') end--;
        return Encoding.UTF8.GetString(data, start, end - start);
    }
}
