using System.Text;
using MmsGateway.Relay.Mail;

namespace MmsGateway.Relay.Tests.Mail;

public sealed class SpooledHeadersTests
{
    private const string Message = "Received: a\r\n\tfolded received: no\r\nX-Received: no\r\nreceived:b\r\nReceivedX: no\r\n\r\nReceived: body\r\n";

    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    private static SpooledHeaders Read(string text) => SpooledHeaders.Read([Bytes(text)]);

    [Fact]
    public void The_loop_guard_counts_Received_fields_of_the_header_block_only() =>
        Assert.Equal(2, Read(Message).CountOf("Received"));

    [Fact]
    public void The_fields_are_the_same_however_the_bytes_are_split()
    {
        var bytes = Bytes(Message);
        var whole = SpooledHeaders.Read([bytes]).ToList();
        for (var size = 1; size < bytes.Length; size++)
        {
            var chunks = bytes.Chunk(size).Select(c => (ReadOnlyMemory<byte>)c).ToList();
            Assert.Equal(whole, SpooledHeaders.Read(chunks).ToList());
        }
        Assert.Equal(4, whole.Count);
    }

    [Fact]
    public void A_message_without_a_blank_line_is_all_header()
    {
        var h = Read("Received: a\r\nReceived: b\r\nReceived: c\r\n");
        Assert.Equal(3, h.CountOf("received"));
        Assert.True(h.Complete);
    }

    [Fact]
    public void A_control_byte_does_not_pass_for_the_colon() =>
        Assert.Equal(0, Read("Received\u001a x\r\n\r\n").Count);

    [Fact]
    public void Values_are_unfolded_and_the_block_is_kept_byte_for_byte()
    {
        const string head = "Received: from a\r\n\tby b;\r\n\tWed, 02 Dec 2026 04:20:00 +0000\r\nX-Mms-Message-Type:  MM4_forward.REQ \r\nTo: +4512345678/TYPE=PLMN@mms.mnc002.mcc238.gprs\r\n";
        var h = Read(head + "\r\nbody\r\n");
        Assert.Equal("from a by b; Wed, 02 Dec 2026 04:20:00 +0000", h.Value(0));
        Assert.Equal("MM4_forward.REQ", h.First("x-mms-message-type"));
        Assert.Equal("+4512345678/TYPE=PLMN@mms.mnc002.mcc238.gprs", h.First("To"));
        Assert.Null(h.First("Cc"));
        Assert.Equal(head, Encoding.Latin1.GetString(h.Block.Span));
        Assert.Equal(head.IndexOf("\r\nX-Mms", StringComparison.Ordinal), h.EndOf(0));
    }

    [Fact]
    public void A_block_cut_by_the_limit_keeps_its_whole_fields_and_says_it_is_incomplete()
    {
        var text = "A: 1\r\nB: 2\r\nC: " + new string('x', 100) + "\r\n\r\n";
        var h = SpooledHeaders.Read([Bytes(text)], limit: 20);
        Assert.False(h.Complete);
        Assert.Equal([("A", "1"), ("B", "2")], h.ToList());
    }

    [Fact]
    public void Delivery_needs_only_the_first_field_and_cannot_end_it_before_seeing_the_next_line()
    {
        var start = Bytes("Received: a\r\n\tb\r\n");
        Assert.Equal(0, SpooledHeaders.Parse(start, ended: false, maxFields: 1).Count);     // "\tc" may follow
        Assert.Equal(start.Length - 2, SpooledHeaders.Parse(start, ended: true, maxFields: 1).EndOf(0));
    }

    [Fact]
    public async Task A_stream_reads_as_the_chunks_do()
    {
        var fromStream = await SpooledHeaders.ReadAsync(new MemoryStream(Bytes(Message)));
        Assert.Equal(Read(Message).ToList(), fromStream.ToList());
        Assert.True(fromStream.Complete);
    }

    [Fact]
    public void Dates_are_written_as_RFC_5322_says_in_UTC() =>
        Assert.Equal("Wed, 02 Dec 2026 05:20:00 +0000",
            Rfc5322Date.Format(new DateTimeOffset(2026, 12, 2, 6, 20, 0, TimeSpan.FromHours(1))));
}
