using System.Text;
using MmsGateway.Testing;

namespace MmsGateway.Relay.IntegrationTests.Delivery;

/// <summary>Every shape of message leaves exactly as it came, apart from the one Received: we prepend:
/// sent raw to the gateway, compared with what a raw sink received, byte for byte.</summary>
public sealed class ByteExactTests : IAsyncLifetime
{
    private const string Mnc002 = "mms.mnc002.mcc238.gprs";
    private readonly TempDir _dir = new();
    private readonly SmtpSink _sink = SmtpSink.Start();
    private TestGateway? _gateway;

    public static TheoryData<string, string> Shapes() => new()
    {
        { "header only", "X-Tag: x\r\nSubject: s\r\n" },
        { "empty body", "Subject: s\r\n\r\n" },
        { "empty message", "" },
        { "body without headers", "just a line of text\r\n" },
        { "leading blank line", "\r\nbody after an empty header block\r\n" },
        { "lone dot line", "Subject: s\r\n\r\nabove\r\n.\r\nbelow\r\n" },
        { "lone dot as the last line", "Subject: s\r\n\r\nabove\r\n.\r\n" },
        { "dots leading lines", "Subject: s\r\n\r\n..two\r\n.one\r\n...three\r\n" },
        { "8-bit bytes", "Subject: caf\u00e9\r\nX-Mms-Subject: \u00ff\u00fe\r\n\r\nna\u00efve \u0080\u009f\r\n" },
        { "folded headers", "Subject: a very\r\n long subject\r\n\tfolded twice\r\nTo: +4512345678/TYPE=PLMN\r\n\r\nbody\r\n" },
        { "998-octet line starting with a dot", "Subject: s\r\n\r\n." + new string('x', 997) + "\r\n" },
        { "trailing empty lines", "Subject: s\r\n\r\nbody\r\n\r\n\r\n" },
        { "no blank line, 40 KB", string.Concat(Enumerable.Range(0, 800).Select(i => $"X-Line-{i:000}: {new string('h', 40)}\r\n")) },
        { "CRLF only", "\r\n" },
        // RFC 5321 §4.1.1.4: the CRLF before the final "." ends the last line; nothing is added or taken.
        { "last line ended only by the terminator's CRLF", "Subject: s\r\n\r\nno CRLF of its own" + "\r\n" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Delivery_is_byte_exact(string shape, string text)
    {
        _gateway = await TestGateway.StartAsync(_dir.Path, new Dictionary<string, string?> { [$"Gateway:Routes:{Mnc002}"] = _sink.Hop });
        var original = Encoding.Latin1.GetBytes(text);
        var stuffed = Encoding.Latin1.GetBytes(("\r\n" + text).Replace("\r\n.", "\r\n..")[2..]);

        await _gateway.SendRawAsync(Mm4Samples.Sender, [Mm4Samples.Recipient], stuffed);

        await Eventually.True(() => _sink.Messages.Count == 1, TimeSpan.FromSeconds(15), $"{shape}: never delivered");
        var got = _sink.Messages.Single().Data;
        Assert.StartsWith("Received: from ", Encoding.ASCII.GetString(got));
        var after = Mm4Samples.AfterReceivedHeader(got);
        Assert.True(original.AsSpan().SequenceEqual(after), $"{shape}: sent {original.Length} octets, delivered {after.Length}: {Visible(after)}");
    }

    private static string Visible(byte[] bytes)
    {
        var text = Encoding.Latin1.GetString(bytes).Replace("\r", "\\r").Replace("\n", "\\n");
        return text.Length <= 200 ? text : text[..200] + "...";
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        await _sink.DisposeAsync();
        _dir.Dispose();
    }
}
