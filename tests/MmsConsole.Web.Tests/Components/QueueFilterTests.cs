using MmsConsole.Web.Components.Pages.Queue;

namespace MmsConsole.Web.Tests.Components;

public class QueueFilterTests
{
    [Fact]
    public void Each_field_becomes_its_sendmail_term_with_its_own_negation()
    {
        var f = new QueueFilter
        {
            Recipient = " +4533 ", NotRecipient = true, Sender = "mnc001", QueueId = "ABC", NotQueueId = true,
            Destination = "mms.mnc002.mcc238.gprs", NotDestination = true, State = "held",
        };
        Assert.Equal("!R+4533 Smnc001 !IABC !Dmms.mnc002.mcc238.gprs Theld", f.ToSelection().ToString());
    }

    [Theory]
    [InlineData("+45 12 34 56 78")]
    [InlineData("4512345678")]
    [InlineData("+4512345678/TYPE=PLMN")]
    [InlineData("004512345678")]
    [InlineData("00 45 12 34 56 78")]
    public void An_msisdn_is_matched_by_its_digits_however_it_is_typed(string typed) =>
        Assert.Equal("R4512345678", new QueueFilter { Msisdn = typed }.ToSelection().ToString());

    [Fact]
    public void An_empty_filter_selects_the_whole_queue_and_clear_empties_it()
    {
        var f = new QueueFilter { Recipient = "x", NotSender = true };
        f.Clear();
        Assert.Equal("(all)", f.ToSelection().ToString());
    }
}
