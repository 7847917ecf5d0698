using Microsoft.Extensions.Logging;

namespace MmsGateway.Relay.Spool;

/// <summary>Rebuilds the queue from the segments at start: every record in order, the latest
/// state of each message winning. Only the newest segment can end in a torn record (older
/// ones were fsynced before the next was opened), so only it is checked byte for byte and cut
/// back to its last whole record; such a record was never answered 250. Every message found counts
/// as live in its segment until the queue, which knows what its states mean, releases the finished ones.</summary>
internal static class SpoolRecovery
{
    public sealed record Result(List<SpoolSegment> Segments, List<RecoveredMessage> Messages, int Records, long TruncatedBytes);

    public static Result Run(string directory, ILogger log)
    {
        var files = Directory.GetFiles(directory, "*.seg")
            .Select(p => (Path: p, Number: int.TryParse(Path.GetFileNameWithoutExtension(p), out var n) ? n : -1))
            .Where(f => f.Number >= 0)
            .OrderBy(f => f.Number)
            .ToList();
        var segments = new List<SpoolSegment>();
        var messages = new Dictionary<ulong, RecoveredMessage>();
        var records = 0;
        long truncated = 0;
        for (var i = 0; i < files.Count; i++)
        {
            var segment = new SpoolSegment(files[i].Number, files[i].Path);
            var last = i == files.Count - 1;
            var (count, goodLength, fileLength) = ReadSegment(segment, messages, verifyBodies: last);
            records += count;
            if (goodLength < fileLength)
            {
                if (last)
                {
                    using var fs = new FileStream(segment.Path, FileMode.Open, FileAccess.Write);
                    fs.SetLength(goodLength);
                    fs.Flush(flushToDisk: true);
                    truncated += fileLength - goodLength;
                    SpoolLog.TornTail(log, segment.Path, fileLength - goodLength);
                }
                else
                {
                    SpoolLog.CorruptSegment(log, segment.Path, goodLength);
                }
            }
            segment.Length = goodLength;
            segments.Add(segment);
        }

        var found = messages.Values.ToList();
        var byNumber = segments.ToDictionary(s => s.Number);
        foreach (var m in found) byNumber[m.Body.Segment].LiveBodies++;
        return new Result(segments, found, records, truncated);
    }

    private static (int Records, long GoodLength, long FileLength) ReadSegment(SpoolSegment segment, Dictionary<ulong, RecoveredMessage> messages, bool verifyBodies)
    {
        using var fs = new FileStream(segment.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var length = fs.Length;
        var header = new byte[SpoolRecordCodec.HeaderSize];
        long position = 0;
        var records = 0;
        while (position < length)
        {
            fs.Position = position;
            if (fs.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length) break;
            if (!SpoolRecordCodec.TryReadHeader(header, out var h)) break;
            var meta = new byte[h.MetaLength];
            if (fs.ReadAtLeast(meta, meta.Length, throwOnEndOfStream: false) < meta.Length) break;
            if (!SpoolRecordCodec.MetaMatches(header, meta, h.HeaderCrc)) break;
            var bodyOffset = position + header.Length + meta.Length;
            if (bodyOffset + h.BodyLength > length) break;
            if (verifyBodies && h.BodyLength > 0 && !BodyMatches(fs, h.BodyLength, h.BodyCrc)) break;

            if (h.Kind == SpoolRecordKind.Message)
            {
                var m = SpoolRecordCodec.DecodeMessage(meta);
                messages[m.Id] = new RecoveredMessage(m, new SpoolLocation(segment.Number, bodyOffset, h.BodyLength));
            }
            else
            {
                var s = SpoolRecordCodec.DecodeState(meta);
                // A state whose message is gone belongs to a segment already reclaimed: ignore it.
                if (messages.TryGetValue(s.Id, out var m))
                    messages[s.Id] = m with { Envelope = SpoolRecordCodec.Apply(m.Envelope, s) };
            }
            records++;
            position = bodyOffset + h.BodyLength;
        }
        return (records, position, length);
    }

    private static bool BodyMatches(Stream fs, long length, uint expected)
    {
        var crc = new System.IO.Hashing.Crc32();
        var buffer = new byte[1 << 16];
        while (length > 0)
        {
            var n = fs.Read(buffer, 0, (int)Math.Min(buffer.Length, length));
            if (n <= 0) return false;
            crc.Append(buffer.AsSpan(0, n));
            length -= n;
        }
        return crc.GetCurrentHashAsUInt32() == expected;
    }
}
