using MmsGateway.Relay.Control;
using MmsGateway.Relay.Queue;
using MmsGateway.Relay.Tests.Queue;

namespace MmsGateway.Relay.Tests.Control;

public class QueueSelectionTests
{
    private static QueueSelection Parse(params string[] terms)
    {
        Assert.True(QueueSelection.TryParse(terms, out var selection, out var error), error);
        return selection;
    }

    private static readonly QueuedMessage Sample =
        QueueIndexTests.Message(1000, "+4587654321/TYPE=PLMN@mms.mnc001.mcc238.gprs",
            "+4512345678/TYPE=PLMN@mms.mnc002.mcc238.gprs", "+4599999999/TYPE=PLMN@mms.mnc003.mcc238.gprs");

    private static bool[] Matches(QueueSelection s) =>
        Sample.Recipients.Select(r => s.Matches(r, Sample.Id.ToString())).ToArray();

    [Fact]
    public void R_matches_a_substring_of_the_recipient_and_bang_R_its_complement()
    {
        Assert.Equal([true, false], Matches(Parse("-qRmnc002")));
        Assert.Equal([false, true], Matches(Parse("-q!Rmnc002")));
    }

    [Fact]
    public void An_msisdn_with_the_00_prefix_finds_its_plus_form_as_recipient_and_as_sender()
    {
        Assert.Equal([true, false], Matches(Parse("R004512345678")));
        Assert.Equal("R+4512345678", Parse("R004512345678").ToString());
        Assert.Equal([true, true], Matches(Parse("S004587654321")));
        Assert.Equal([false, false], Matches(Parse("R00abc")));      // not an MSISDN: kept as typed
        Assert.Equal([true, true], Matches(Parse("R00")));           // ...and "00" alone is a plain substring
    }

    [Fact]
    public void S_and_I_match_the_message_so_every_recipient_follows()
    {
        Assert.Equal([true, true], Matches(Parse("S87654321")));
        Assert.Equal([false, false], Matches(Parse("!S87654321")));
        Assert.Equal([true, true], Matches(Parse("I" + Sample.Id.ToString()[^6..])));
        Assert.Equal([false, false], Matches(Parse("!I" + Sample.Id)));
    }

    [Fact]
    public void D_is_an_exact_destination_and_terms_combine_with_and()
    {
        Assert.Equal([false, true], Matches(Parse("DMMS.mnc003.mcc238.gprs")));
        Assert.Equal([false, false], Matches(Parse("Dmms.mnc003.mcc238.gprs", "R4512")));
        Assert.Equal([false, false], Matches(Parse("Dmcc238.gprs")));
    }

    [Fact]
    public void T_selects_by_state() =>
        Assert.Equal([true, true], Matches(Parse("Tready")));

    [Theory]
    [InlineData("X1")]
    [InlineData("R")]
    [InlineData("Tdelivered")]
    [InlineData("Tsoon")]
    [InlineData("T1")]
    public void Bad_terms_are_refused_with_a_readable_reason(string term)
    {
        Assert.False(QueueSelection.TryParse([term], out _, out var error));
        Assert.Contains(term, error);
    }
}
