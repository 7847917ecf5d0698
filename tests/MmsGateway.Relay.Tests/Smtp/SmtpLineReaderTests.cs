using System.Buffers;
using System.Text;
using MmsGateway.Relay.Smtp;

namespace MmsGateway.Relay.Tests.Smtp;

public class SmtpLineReaderTests
{
    private static (SmtpLineReader.Outcome, string, SmtpReply) Read(SmtpLineReader reader, ref ReadOnlySequence<byte> buffer)
    {
        var outcome = reader.TryRead(ref buffer, out var line, out var refusal);
        return (outcome, Encoding.Latin1.GetString(line), refusal);
    }

    [Fact]
    public void Pipelined_commands_come_out_one_line_at_a_time()
    {
        var buffer = new ReadOnlySequence<byte>("MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDA"u8.ToArray());
        var reader = new SmtpLineReader();

        var first = Read(reader, ref buffer);
        var second = Read(reader, ref buffer);
        var third = Read(reader, ref buffer);

        Assert.Equal((SmtpLineReader.Outcome.Line, "MAIL FROM:<a@b>"), (first.Item1, first.Item2));
        Assert.Equal((SmtpLineReader.Outcome.Line, "RCPT TO:<c@d>"), (second.Item1, second.Item2));
        Assert.Equal(SmtpLineReader.Outcome.NeedMore, third.Item1);
        Assert.Equal(2, buffer.Length);
    }

    [Theory]
    [InlineData("NOOP\n")]
    [InlineData("RSET\nMAIL FROM:<a@b>\r\n")]
    public void A_bare_LF_ends_the_conversation_so_nothing_behind_it_runs(string input)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(input));

        var (outcome, _, _) = Read(new SmtpLineReader(), ref buffer);

        Assert.Equal(SmtpLineReader.Outcome.BareLf, outcome);
    }

    [Fact]
    public void A_bare_CR_inside_a_CRLF_line_refuses_that_line_only()
    {
        var buffer = new ReadOnlySequence<byte>("NO\rOP\r\nQUIT\r\n"u8.ToArray());
        var reader = new SmtpLineReader();

        var (outcome, _, refusal) = Read(reader, ref buffer);

        Assert.Equal((SmtpLineReader.Outcome.Refused, SmtpReplies.BareLineEnding), (outcome, refusal));
        Assert.Equal("QUIT", Read(reader, ref buffer).Item2);
    }

    [Fact]
    public void A_NUL_in_a_command_is_refused()
    {
        var buffer = new ReadOnlySequence<byte>("NO\0OP\r\n"u8.ToArray());

        Assert.Equal(SmtpReplies.NulInCommand, Read(new SmtpLineReader(), ref buffer).Item3);
    }

    [Fact]
    public void A_512_octet_line_passes_and_a_513_octet_line_is_refused_even_when_it_arrives_in_pieces()
    {
        var reader = new SmtpLineReader();
        var ok = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("NOOP " + new string('x', 505) + "\r\n"));
        Assert.Equal(SmtpLineReader.Outcome.Line, Read(reader, ref ok).Item1);

        var part = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("NOOP " + new string('x', 600)));
        Assert.Equal(SmtpLineReader.Outcome.NeedMore, Read(reader, ref part).Item1);
        Assert.Equal(0, part.Length);     // dropped, not accumulated
        var rest = new ReadOnlySequence<byte>("xx\r\nQUIT\r\n"u8.ToArray());
        Assert.Equal(SmtpReplies.LineTooLong, Read(reader, ref rest).Item3);
        Assert.Equal("QUIT", Read(reader, ref rest).Item2);
    }
}
