using System.Text;

namespace MmsGateway.Testing;

/// <summary>MM4_forward.REQ-like messages (3GPP TS 23.140 §8.4.1) as an MMSC sends them: X-Mms-* headers and
/// an unqualified PLMN To:, which the seed's sendmail needed a LOCAL_CONFIG rule to leave alone.</summary>
public static class Mm4Samples
{
    public const string Sender = "+4587654321/TYPE=PLMN@mms.mnc001.mcc238.gprs";
    public const string Recipient = "+4512345678/TYPE=PLMN@mms.mnc002.mcc238.gprs";

    public static byte[] ForwardRequest(string transactionId = "T0001", int bodyLines = 3) => Encoding.ASCII.GetBytes(
        "From: +4587654321/TYPE=PLMN\r\n" +
        "To: +4512345678/TYPE=PLMN\r\n" +
        "Subject: Hello\r\n" +
        $"X-Mms-3GPP-MMS-Version: 6.3.0\r\n" +
        "X-Mms-Message-Type: MM4_forward.REQ\r\n" +
        $"X-Mms-Transaction-ID: {transactionId}\r\n" +
        "X-Mms-Message-ID: <msg-" + transactionId + "@mms.mnc001.mcc238.gprs>\r\n" +
        "X-Mms-Originator-System: system-user@mms.mnc001.mcc238.gprs\r\n" +
        "X-Mms-Ack-Request: Yes\r\n" +
        "Message-ID: <" + transactionId + "@mms.mnc001.mcc238.gprs>\r\n" +
        "Date: Tue, 24 Nov 2026 05:43:19 +0000\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: text/plain; charset=us-ascii\r\n" +
        "\r\n" +
        string.Concat(Enumerable.Range(0, bodyLines).Select(i => $"line {i} of the body\r\n")) +
        ".starts with a dot\r\n");

    /// <summary>The bytes after our Received: header (which ends at its folded date line).</summary>
    public static byte[] AfterReceivedHeader(byte[] spooled)
    {
        var text = Encoding.Latin1.GetString(spooled);
        if (!text.StartsWith("Received: ", StringComparison.Ordinal)) throw new InvalidOperationException("no Received: header first");
        var i = 0;
        while (true)
        {
            var end = text.IndexOf("\r\n", i, StringComparison.Ordinal);
            i = end + 2;
            if (i >= text.Length || (text[i] != ' ' && text[i] != '\t')) break;   // next line is not a continuation
        }
        return spooled[i..];
    }
}
