using System.Buffers;
using System.Text;
using MmsGateway.Relay.Smtp;

namespace MmsGateway.Relay.Tests.Smtp;

public class DataReaderTests
{
    private static byte[] B(string s) => Encoding.Latin1.GetBytes(s);

    [Fact]
    public void Only_CRLF_dot_CRLF_ends_DATA_and_what_follows_is_left_for_the_next_command()
    {
        var input = B("Subject: x\r\n\r\nbody\r\n.\r\nQUIT\r\n");

        var (end, consumed, message, defects) = DataReader.Scan(input);

        Assert.Equal(DataEnd.Terminated, end);
        Assert.Equal("Subject: x\r\n\r\nbody\r\n", Encoding.Latin1.GetString(message));
        Assert.Equal("QUIT\r\n", Encoding.Latin1.GetString(input[consumed..]));
        Assert.Equal(DataDefect.None, defects);
    }

    [Fact]
    public void A_dot_alone_right_after_DATA_is_an_empty_message() =>
        Assert.Equal((DataEnd.Terminated, 3), (DataReader.Scan(B(".\r\n")).End, DataReader.Scan(B(".\r\n")).Consumed));

    [Theory]
    [InlineData("hello\n.\nMAIL FROM:<x@y>\r\n")]
    [InlineData("hello\n.\r\nMAIL FROM:<x@y>\r\n")]
    [InlineData("hello\r.\r\nMAIL FROM:<x@y>\r\n")]
    [InlineData("hello\r\n.\nRCPT TO:<x@y>\r\n")]
    [InlineData("hello\r\n.\rRCPT TO:<x@y>\r\n")]
    [InlineData("hello\r.\rDATA\r\n")]
    [InlineData("hello\n\r.\r\nDATA\r\n")]
    public void Dot_lines_not_framed_by_CRLF_never_end_DATA(string data) =>
        Assert.Equal(DataEnd.None, DataReader.Scan(B(data)).End);

    [Theory]
    [InlineData("hello\n.\nMAIL FROM:<x@y>\r\n.\r\n")]
    [InlineData("hello\n.\r\nMAIL FROM:<x@y>\r\n.\r\n")]
    [InlineData("hello\r.\r\nMAIL FROM:<x@y>\r\n.\r\n")]
    [InlineData("bare\rcr\r\n.\r\n")]
    [InlineData("bare\nlf\r\n.\r\n")]
    public void A_message_with_a_bare_CR_or_LF_ends_only_at_the_real_terminator_and_is_marked_refused(string data)
    {
        var input = B(data);

        var (end, consumed, message, defects) = DataReader.Scan(input);

        Assert.Equal(DataEnd.Terminated, end);
        Assert.Equal(input.Length, consumed);
        Assert.True(defects.HasFlag(DataDefect.BareLineEnding));
        // Storing stops at the defect: the smuggled command never reaches the buffer.
        Assert.DoesNotContain("MAIL", System.Text.Encoding.Latin1.GetString(message));
        Assert.True(message.Length <= data.IndexOfAny(['\r', '\n']) + 1);
    }

    [Fact]
    public void Leading_dots_are_unstuffed_once()
    {
        var (_, _, message, _) = DataReader.Scan(B("..one\r\n...two\r\n.three\r\n.\r\n"));

        Assert.Equal(".one\r\n..two\r\nthree\r\n", Encoding.Latin1.GetString(message));
    }

    [Fact]
    public void A_terminator_split_at_every_possible_point_is_still_found_exactly_once()
    {
        var input = B("a\r\n..b\r\nc\r\n.\r\nNOOP\r\n");
        var expectedConsumed = input.Length - "NOOP\r\n".Length;

        for (var split = 1; split < expectedConsumed; split++)
        {
            var reader = new DataReader(long.MaxValue);
            var output = new ArrayBufferWriter<byte>();
            Assert.Equal(DataEnd.None, reader.Scan(input.AsSpan(0, split), output, out var first));
            Assert.Equal(split, first);
            Assert.Equal(DataEnd.Terminated, reader.Scan(input.AsSpan(split), output, out var second));

            Assert.Equal(expectedConsumed, split + second);
            Assert.Equal("a\r\n.b\r\nc\r\n", Encoding.Latin1.GetString(output.WrittenSpan));
        }
    }

    [Fact]
    public void NUL_in_data_marks_the_message_refused() =>
        Assert.Equal(DataDefect.Nul, DataReader.Scan(B("a\0b\r\n.\r\n")).Defects);

    [Fact]
    public void A_line_of_1000_octets_with_CRLF_passes_and_1001_is_refused()
    {
        var ok = DataReader.Scan(B(new string('x', 998) + "\r\n.\r\n"));
        var tooLong = DataReader.Scan(B(new string('x', 999) + "\r\n.\r\n"));

        Assert.Equal(DataDefect.None, ok.Defects);
        Assert.Equal(DataDefect.LineTooLong, tooLong.Defects);
    }

    [Fact]
    public void The_stuffing_dot_does_not_count_towards_the_line_limit()
    {
        // A 998-octet text line that begins with "." is 999 octets on the wire once stuffed.
        var line = "." + new string('x', 997);
        var ok = DataReader.Scan(B("." + line + "\r\n.\r\n"));
        var tooLong = DataReader.Scan(B("." + line + "x\r\n.\r\n"));

        Assert.Equal(DataDefect.None, ok.Defects);
        Assert.Equal(B(line + "\r\n"), ok.Message);
        Assert.Equal(DataDefect.LineTooLong, tooLong.Defects);
    }

    [Fact]
    public void A_lone_dot_line_inside_the_message_is_kept_as_one_dot() =>
        Assert.Equal(B("a\r\n.\r\nb\r\n"), DataReader.Scan(B("a\r\n..\r\nb\r\n.\r\n")).Message);

    [Fact]
    public void Over_the_size_limit_the_scan_goes_on_to_the_end_but_stores_no_more()
    {
        var (end, _, message, defects) = DataReader.Scan(B("0123456789\r\n0123456789\r\n.\r\n"), maxSize: 15);

        Assert.Equal(DataEnd.Terminated, end);
        Assert.Equal(DataDefect.TooBig, defects);
        Assert.True(message.Length <= 15);
    }

    [Fact]
    public void Eight_bit_bytes_pass_through_unchanged()
    {
        var body = new byte[] { 0xC3, 0xA6, 0xFF, 0x80, (byte)'\r', (byte)'\n', (byte)'.', (byte)'\r', (byte)'\n' };

        Assert.Equal(body[..6], DataReader.Scan(body).Message);
    }
}
