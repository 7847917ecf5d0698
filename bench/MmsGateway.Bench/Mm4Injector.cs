using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MmsGateway.Bench;

/// <summary>Sends MM4_forward.REQs as an MMSC does, one message a connection (as smtp-source without -d), each with
/// its own X-Mms-Transaction-ID and Message-ID (smtp-source sends one fixed message: every copy would be a resend of
/// one ledger row). Lean on purpose: one buffered read per reply, so that the client takes little of the CPU the
/// gateway is measured on.</summary>
internal static class Mm4Injector
{
    public const string Sender = "+4520000001/TYPE=PLMN@mms.mnc001.mcc238.gprs", Domain = "mms.mnc002.mcc238.gprs";

    /// <summary>Sends messages <paramref name="first"/> … first + n - 1 over <paramref name="sessions"/> connections at a time;
    /// returns when every one has its 250.</summary>
    public static async Task SendAsync(IPEndPoint gateway, int first, int n, int sessions, int size)
    {
        var next = first - 1;
        var body = Body(size);
        await Task.WhenAll(Enumerable.Range(0, sessions).Select(_ => Task.Run(async () =>
        {
            var buffer = new byte[4096];
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= first + n) return;
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(gateway);
                await Expect(socket, buffer, 1, "220");
                await socket.SendAsync(Encoding.ASCII.GetBytes("EHLO mmsc.mnc001.mcc238.gprs\r\n"));
                await Expect(socket, buffer, 1, "250");
                // PIPELINING, as MMSCs and smtp-source use it: envelope and DATA in one write.
                await socket.SendAsync(Encoding.ASCII.GetBytes(
                    $"MAIL FROM:<{Sender}>\r\nRCPT TO:<+45{30000000 + i % 1_000_000}/TYPE=PLMN@{Domain}>\r\nDATA\r\n"));
                await Expect(socket, buffer, 3, "354");
                await socket.SendAsync(Message(i, body));
                await Expect(socket, buffer, 1, "250");
                await socket.SendAsync("QUIT\r\n"u8.ToArray());
                await Expect(socket, buffer, 1, "221");
            }
        })));
    }

    private static byte[] Message(int i, string body) => Encoding.ASCII.GetBytes(
        "From: +4520000001/TYPE=PLMN\r\n" +
        $"To: +45{30000000 + i % 1_000_000}/TYPE=PLMN\r\n" +
        "X-Mms-3GPP-MMS-Version: 6.3.0\r\n" +
        "X-Mms-Message-Type: MM4_forward.REQ\r\n" +
        $"X-Mms-Transaction-ID: \"bench-{i}\"\r\n" +
        $"X-Mms-Message-ID: \"<bench-{i}@mms.mnc001.mcc238.gprs>\"\r\n" +
        "X-Mms-Originator-System: system-user@mms.mnc001.mcc238.gprs\r\n" +
        "X-Mms-Ack-Request: Yes\r\n" +
        "Date: Thu, 03 Dec 2026 12:00:00 +0000\r\n" +
        "Content-Type: multipart/related; boundary=\"=_b\"\r\n\r\n" + body + ".\r\n");

    private static string Body(int size)
    {
        var b = new StringBuilder("--=_b\r\nContent-Type: image/jpeg\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        var random = new Random(size);
        var line = new byte[57];
        while (b.Length < size - 80)
        {
            random.NextBytes(line);
            b.Append(Convert.ToBase64String(line)).Append("\r\n");
        }
        return b.Append("--=_b--\r\n").ToString();
    }

    // Reads until `replies` final reply lines (a line whose fourth character is a space) have come; the last must start with `code`.
    private static async Task Expect(Socket socket, byte[] buffer, int replies, string code)
    {
        var text = new StringBuilder();
        var seen = 0;
        while (seen < replies)
        {
            var n = await socket.ReceiveAsync(buffer);
            if (n == 0) throw new IOException($"the gateway closed the connection waiting for {code}: {text}");
            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
            seen = text.ToString().Split("\r\n").Count(l => l.Length >= 4 && l[3] == ' ');
        }
        var last = text.ToString().TrimEnd().Split("\r\n")[^1];
        if (!last.StartsWith(code, StringComparison.Ordinal)) throw new IOException($"expected {code}, the gateway said: {text.ToString().Trim()}");
    }
}
