using System.Text;
using MimeKit;
using MimeKit.IO;
using MimeKit.IO.Filters;
using MmsGateway.Relay.Delivery;

namespace MmsGateway.Relay.Tests.Delivery;

/// <summary>The spooled body's own dot-stuffing writes exactly what MailKit's DATA filter writes, however the body is
/// cut into blocks, and is used only where MailKit's DATA stream is recognised.</summary>
public sealed class DataStuffingTests
{
    public static TheoryData<string> Bodies => new()
    {
        "Subject: s\r\n\r\nplain\r\n",
        "Subject: s\r\n\r\n.\r\n",
        "Subject: s\r\n\r\nabove\r\n.\r\nbelow\r\n",
        "Subject: s\r\n\r\n..two\r\n.one\r\n...three\r\n",
        ".starts with a dot\r\n\r\nx\r\n",
        "Subject: s\r\n\r\nbare\n.lf\n.\n",
        "Subject: s\r\n\r\nmid.line . dots.\r\n\r\n.\r\n\r\n.",
        "\r\n.\r\n.\r\n.\r\n",
        "Subject: s\r\n\r\nno line end at the end",
        "Subject: s\r\n\r\nends in CR\r",
        "Subject: s\r\n\r\nends in LF\n",
        ".",
    };

    // MailKit's filter is internal: made the way MailKit makes it, so the reference is MailKit itself.
    private static IMimeFilter MailKitFilter(bool decode = false) =>
        (IMimeFilter)Activator.CreateInstance(typeof(MailKit.Net.Smtp.SmtpClient).Assembly.GetType("MailKit.Net.Smtp.SmtpDataFilter")!,
            System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public, null, [decode], null)!;

    private static byte[] ThroughMailKit(byte[] data)
    {
        using var output = new MemoryStream();
        using (var filtered = new FilteredStream(output))
        {
            filtered.Add(MailKitFilter());
            filtered.Write(data, 0, data.Length);
            filtered.Flush();
        }
        return output.ToArray();
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Every_cut_into_blocks_gives_MailKits_bytes(string body)
    {
        var data = Encoding.Latin1.GetBytes(body);
        var expected = ThroughMailKit(data);
        for (var size = 1; size <= data.Length; size++)
        {
            using var output = new MemoryStream();
            var atLineStart = true;
            foreach (var block in data.Chunk(size))
                atLineStart = await DataStuffing.WriteAsync(output, block, atLineStart, CancellationToken.None);
            await DataStuffing.FinishAsync(output, atLineStart, CancellationToken.None);
            Assert.Equal(Encoding.Latin1.GetString(expected), Encoding.Latin1.GetString(output.ToArray()));
        }
    }

    [Fact]
    public void MailKits_filter_and_its_state_are_still_where_the_gateway_looks_for_them() =>
        Assert.True(DataStuffing.Available, "MailKit or MimeKit changed: the spooled body falls back to MailKit's byte-by-byte filter");

    [Fact]
    public void Only_MailKits_DATA_filter_at_the_start_of_a_line_is_written_beneath()
    {
        using var output = new MemoryStream();
        using var data = new FilteredStream(output);
        data.Add(MailKitFilter());
        Assert.Same(output, DataStuffing.BeneathDataFilter(data));

        data.Write("mid-line"u8.ToArray());
        Assert.Null(DataStuffing.BeneathDataFilter(data));   // its next '.' would not be stuffed: the filter must see it

        using var other = new FilteredStream(output);
        other.Add(new Unix2DosFilter());
        Assert.Null(DataStuffing.BeneathDataFilter(other));
        using var two = new FilteredStream(output);
        two.Add(MailKitFilter());
        two.Add(new Unix2DosFilter());
        Assert.Null(DataStuffing.BeneathDataFilter(two));
        Assert.Null(DataStuffing.BeneathDataFilter(output));
        using var reading = new FilteredStream(output);
        reading.Add(MailKitFilter(decode: true));
        Assert.Null(DataStuffing.BeneathDataFilter(reading));   // MailKit's filter for what it reads takes dots away
    }

    /// <summary>A spooled message written as MailKit's DATA writes it: the same bytes as through MailKit's filter, and
    /// the body's stuffed dots written by the gateway (a lone "." write), so the fast path is the one taken.</summary>
    [Fact]
    public async Task A_spooled_message_under_MailKits_DATA_stream_is_stuffed_by_the_gateway_with_the_same_bytes()
    {
        var spooled = Encoding.Latin1.GetBytes("Received: from a by b; Thu, 3 Dec 2026 10:00:00 +0000\r\n" +
                                                "Subject: s\r\n\r\n..two\r\n.one\r\nend\r\n");
        var message = SpooledMimeMessage.Create(() => new MemoryStream(spooled, writable: false));
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        var output = new RecordingStream();
        await using (var filtered = new FilteredStream(output))
        {
            filtered.Add(MailKitFilter());
            await message.WriteToAsync(options, filtered);
            await filtered.FlushAsync();
        }
        Assert.Equal(Encoding.Latin1.GetString(ThroughMailKit(spooled)), Encoding.Latin1.GetString(output.ToArray()));
        Assert.Contains(".", output.Writes);
    }

    private sealed class RecordingStream : MemoryStream
    {
        public List<string> Writes { get; } = [];

        public override void Write(byte[] buffer, int offset, int count)
        {
            Writes.Add(Encoding.Latin1.GetString(buffer, offset, count));
            base.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes.Add(Encoding.Latin1.GetString(buffer.Span));
            return base.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Writes.Add(Encoding.Latin1.GetString(buffer, offset, count));
            return base.WriteAsync(buffer, offset, count, cancellationToken);
        }
    }
}
