using System.Text;
using MmsGateway.Relay.Mail;
using MmsGateway.Relay.Mm4;

namespace MmsGateway.Relay.Tests.Mm4;

public class Mm4ClassifierTests
{
    private static Mm4Message? Classify(string headers) =>
        Mm4Classifier.Classify(SpooledHeaders.Parse(Encoding.Latin1.GetBytes(headers + "\r\nbody\r\n"), ended: true));

    [Theory]
    [InlineData("MM4_forward.REQ", Mm4Kind.Forward, false, "MM4_forward.REQ")]
    [InlineData("MM4_forward.RES", Mm4Kind.Forward, true, "MM4_forward.RES")]
    [InlineData("MM4_Forward.RES", Mm4Kind.Forward, true, "MM4_forward.RES")]
    [InlineData("mm4_FORWARD.req", Mm4Kind.Forward, false, "MM4_forward.REQ")]
    [InlineData("MM4_delivery_report.REQ", Mm4Kind.DeliveryReport, false, "MM4_delivery_report.REQ")]
    [InlineData("MM4_Delivery_report.REQ", Mm4Kind.DeliveryReport, false, "MM4_delivery_report.REQ")]
    [InlineData("MM4_delivery_report.RES", Mm4Kind.DeliveryReport, true, "MM4_delivery_report.RES")]
    [InlineData("MM4_read_reply_report.REQ", Mm4Kind.ReadReplyReport, false, "MM4_read_reply_report.REQ")]
    [InlineData("MM4_Read_Reply_Report.RES", Mm4Kind.ReadReplyReport, true, "MM4_read_reply_report.RES")]
    [InlineData("\"MM4_forward.REQ\"", Mm4Kind.Forward, false, "MM4_forward.REQ")]
    public void Every_type_in_any_case(string raw, Mm4Kind kind, bool response, string name)
    {
        var m = Classify($"X-Mms-Message-Type: {raw}\r\n")!;
        Assert.Equal(kind, m.Type.Kind);
        Assert.Equal(response, m.Type.IsResponse);
        Assert.Equal(name, m.Type.Name);
    }

    [Theory]
    [InlineData("MM4_something.REQ")]
    [InlineData("MM4_forward")]
    [InlineData("m-send-req")]
    public void An_unknown_type_is_kept_raw(string raw)
    {
        var m = Classify($"X-Mms-Message-Type: {raw}\r\n")!;
        Assert.Equal(Mm4Kind.Unknown, m.Type.Kind);
        Assert.Equal(raw, m.Type.Name);
    }

    [Fact]
    public void Plain_mail_is_not_mm4() => Assert.Null(Classify("From: a@b.example\r\nSubject: hi\r\n"));

    [Fact]
    public void Ids_lose_quotes_and_angle_brackets_and_folded_headers_are_read_whole()
    {
        var m = Classify(
            "X-MMS-Message-Type: MM4_forward.REQ\r\n" +
            "x-mms-transaction-id: \"+4512345678-gw-0001\"\r\n" +
            "X-Mms-Message-ID:\r\n\t<msg-1@mms.mnc001.mcc238.gprs>\r\n" +
            "X-Mms-3GPP-MMS-Version: 6.3.0\r\n" +
            "X-Mms-Ack-Request: yes\r\n" +
            "X-Mms-Delivery-Report: Yes\r\n" +
            "From: +4587654321/TYPE=PLMN\r\n" +
            "To: +4512345678/TYPE=PLMN,\r\n +4511111111/TYPE=PLMN@mms.mnc002.mcc238.gprs\r\n" +
            "Cc: \"Someone, Else\" <+4522222222/TYPE=PLMN@mms.mnc003.mcc238.gprs>\r\n")!;
        Assert.Equal("+4512345678-gw-0001", m.TransactionId);
        Assert.Equal("msg-1@mms.mnc001.mcc238.gprs", m.MessageId);
        Assert.Equal("6.3.0", m.Version);
        Assert.True(m.AckRequested);
        Assert.True(m.ReportRequested);
        Assert.Equal(3, m.To.Count);
        Assert.Equal("+4587654321", m.SenderNumber);
        Assert.Equal("+4512345678", m.RecipientNumber);
        Assert.Equal("+4522222222", Msisdn.FromAddress(m.To[2]));
    }

    [Fact]
    public void A_res_carries_its_status_and_a_report_its_mm_status()
    {
        var res = Classify("X-Mms-Message-Type: MM4_forward.RES\r\nX-Mms-Transaction-ID: <T1>\r\n" +
            "X-Mms-Request-Status-Code: Error-service-denied\r\nX-Mms-Status-Text: \"quota\"\r\n")!;
        Assert.Equal("T1", res.TransactionId);
        Assert.Equal("Error-service-denied", res.RequestStatus);
        Assert.Equal("quota", res.StatusText);
        var report = Classify("X-Mms-Message-Type: MM4_delivery_report.REQ\r\nX-Mms-MM-Status-Code: Retrieved\r\n")!;
        Assert.Equal("Retrieved", report.MmStatus);
    }

    [Theory]
    [InlineData("+45 12 34 56 78", "4512345678")]
    [InlineData("004512345678", "4512345678")]
    [InlineData("+4512345678", "4512345678")]
    [InlineData("4512345678", "4512345678")]
    [InlineData("+0045", "0045")]
    [InlineData("abc", null)]
    public void Msisdn_keys_are_digits_without_the_international_prefix(string typed, string? key) =>
        Assert.Equal(key, Msisdn.Key(typed));

    [Theory]
    [InlineData("+4512345678/TYPE=PLMN@mms.mnc002.mcc238.gprs", "+4512345678")]
    [InlineData("<+4512345678/type=plmn>", "+4512345678")]
    [InlineData("10.0.0.1/TYPE=IPV4@x", null)]
    [InlineData("someone@example.com", null)]
    public void Numbers_come_from_plmn_addresses_only(string address, string? number) =>
        Assert.Equal(number, Msisdn.FromAddress(address));
}
