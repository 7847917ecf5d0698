using Microsoft.Extensions.Logging.Abstractions;
using MmsGateway.Relay.Spool;
using MmsGateway.Testing;

namespace MmsGateway.Relay.Tests.Spool;

public sealed class SpoolWriterTests
{
    private const int SegmentSize = 1024 * 1024;

    private static SpoolWriteRequest Message(byte fill, int length)
    {
        var body = new MessageBuffer();
        body.GetSpan(length)[..length].Fill(fill);
        body.Advance(length);
        return new SpoolWriteRequest([], body);
    }

    private static byte[] Read(SpoolSegments segments, SpoolLocation at)
    {
        var bytes = new byte[at.Length];
        RandomAccess.Read(segments.Find(at.Segment)!.ReadHandle(), bytes, at.Offset);
        return bytes;
    }

    // Found by bench/jit.py (2026-12-04): the gateway died with KeyNotFoundException in WriteBatch. The rotation
    // deleted the segment the batch's first messages had just been written to, because they were counted live
    // only after the fsync; with a queue that drains as fast as it fills, that is every segment's end.
    [Fact]
    public async Task A_batch_that_rotates_keeps_the_segment_its_first_messages_went_to()
    {
        using var dir = new TempDir();
        using var segments = new SpoolSegments(dir.Path, [], NullLogger.Instance);
        using var writer = new SpoolWriter(segments, SegmentSize, NullLogger.Instance);
        var requests = new[] { Message((byte)'a', 700_000), Message((byte)'b', 700_000), Message((byte)'c', 700_000) };
        foreach (var r in requests) Assert.True(writer.TryEnqueue(r));
        try
        {
            writer.Start();   // all three in one batch: the first two fill segment 1, the third opens segment 2
            var at = await Task.WhenAll(requests.Select(r => r.Done.Task)).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal([1, 1, 2], at.Select(l => l.Segment));
            Assert.Equal(2, segments.Count);
            Assert.All(at.Zip("abc"), p => Assert.All(Read(segments, p.First), b => Assert.Equal((byte)p.Second, b)));

            // Counted once each: releasing segment 1's two messages reclaims it.
            segments.RemoveLive(1);
            Assert.True(File.Exists(Path.Combine(dir.Path, SpoolSegment.FileName(1))));
            segments.RemoveLive(1);
            Assert.False(File.Exists(Path.Combine(dir.Path, SpoolSegment.FileName(1))));
            Assert.Equal(1, segments.Count);
        }
        finally
        {
            // Stopped before the writer's wake-up event is disposed under it.
            writer.Close();
            await writer.Stopped.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    // Group commit: requests queued together are written together and covered by one fsync.
    [Fact]
    public async Task Requests_queued_together_share_one_fsync()
    {
        using var dir = new TempDir();
        using var segments = new SpoolSegments(dir.Path, [], NullLogger.Instance);
        using var writer = new SpoolWriter(segments, SegmentSize, NullLogger.Instance);
        var requests = Enumerable.Range(0, 5).Select(i => Message((byte)('a' + i), 1000)).ToArray();
        foreach (var r in requests) Assert.True(writer.TryEnqueue(r));
        try
        {
            writer.Start();
            await Task.WhenAll(requests.Select(r => r.Done.Task)).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(1, writer.Syncs);

            var next = Message((byte)'z', 1000);
            Assert.True(writer.TryEnqueue(next));
            await next.Done.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(2, writer.Syncs);
        }
        finally
        {
            writer.Close();
            await writer.Stopped.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
