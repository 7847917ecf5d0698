using System.Text;
using MmsGateway.Relay.Smtp;

namespace MmsGateway.Relay.Tests.Smtp;

public sealed class HopCounterTests
{
    private const string Message = "Received: a\r\n\tfolded received: no\r\nX-Received: no\r\nreceived:b\r\nReceivedX: no\r\n\r\nReceived: body\r\n";

    [Fact]
    public void Counts_Received_fields_of_the_header_block_only() =>
        Assert.Equal(2, HopCounter.CountIn([Encoding.ASCII.GetBytes(Message)]));

    [Fact]
    public void The_count_is_the_same_however_the_bytes_are_split()
    {
        var bytes = Encoding.ASCII.GetBytes(Message);
        for (var size = 1; size < bytes.Length; size++)
        {
            var chunks = bytes.Chunk(size).Select(c => (ReadOnlyMemory<byte>)c).ToList();
            Assert.Equal(2, HopCounter.CountIn(chunks));
        }
    }

    [Fact]
    public void A_message_without_a_blank_line_is_all_header() =>
        Assert.Equal(3, HopCounter.CountIn([Encoding.ASCII.GetBytes("Received: a\r\nReceived: b\r\nReceived: c\r\n")]));

    [Fact]
    public void A_control_byte_does_not_pass_for_the_colon() =>
        Assert.Equal(0, HopCounter.CountIn([Encoding.ASCII.GetBytes("Received\u001a x\r\n\r\n")]));
}
