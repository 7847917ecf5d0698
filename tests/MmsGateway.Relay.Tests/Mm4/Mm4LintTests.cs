using MmsGateway.Relay.Mm4;

namespace MmsGateway.Relay.Tests.Mm4;

public class Mm4LintTests
{
    private const string Sender = "system-user@mms.mnc001.mcc238.gprs";

    private static Mm4Message Good() => new(Mm4MessageType.Parse("MM4_forward.REQ"))
    {
        TransactionId = "T1",
        MessageId = "M1",
        Version = "6.3.0",
        AckRequest = "Yes",
        OriginatorSystem = Sender,
        From = "+4587654321/TYPE=PLMN",
        To = ["+4512345678/TYPE=PLMN"],
    };

    private static List<string> Rules(Mm4Message m, LintContext? context = null) =>
        Mm4Lint.Check(m, context ?? new LintContext(Sender, ["+4512345678/TYPE=PLMN@mms.mnc002.mcc238.gprs"], 1000))
            .Counted().Select(f => f.Rule).ToList();

    [Fact]
    public void A_good_forward_has_no_finding_and_its_unqualified_to_is_only_info()
    {
        var findings = Mm4Lint.Check(Good(), new LintContext(Sender, [], 1000));
        Assert.Empty(findings.Counted());
        Assert.Contains(findings, f => f is { Rule: LintRule.UnqualifiedTo, Info: true });
    }

    [Fact]
    public void Mandatory_headers_of_a_forward()
    {
        Assert.Equal([LintRule.MissingHeader], Rules(Good() with { TransactionId = null }));
        Assert.Equal([LintRule.MissingHeader], Rules(Good() with { Version = null }));
        Assert.Equal([LintRule.MissingHeader], Rules(Good() with { MessageId = null }));
        Assert.Equal([LintRule.MissingHeader], Rules(Good() with { To = [] }));
        Assert.Contains(LintRule.MissingHeader, Rules(Good() with { From = null, Sender = null }));
    }

    [Theory]
    [InlineData("6.3", true)]
    [InlineData("6.3.0.1", true)]
    [InlineData("v6.3.0", true)]
    [InlineData("10.12.0", false)]
    public void Version_must_be_d_d_d(string version, bool finding) =>
        Assert.Equal(finding, Rules(Good() with { Version = version }).Contains(LintRule.Version));

    [Theory]
    [InlineData("4512345678/TYPE=PLMN", LintRule.PlmnPlus)]
    [InlineData("+45123x5678/TYPE=PLMN", LintRule.PlmnDigits)]
    [InlineData("+4512345678901234/TYPE=PLMN", LintRule.PlmnLength)]
    [InlineData("+4512345678/type=plmn", LintRule.TypeCase)]
    public void Plmn_address_rules(string to, string rule) => Assert.Contains(rule, Rules(Good() with { To = [to] }));

    [Fact]
    public void A_fifteen_digit_number_is_fine() => Assert.Empty(Rules(Good() with { To = ["+451234567890123/TYPE=PLMN"] }));

    [Fact]
    public void Sender_domain_must_be_ir67_unless_excepted()
    {
        var context = new LintContext("mms@mmsc.operator.example", [], 10);
        Assert.Equal([LintRule.SenderDomain], Rules(Good(), context));
        Assert.Empty(Rules(Good(), context with { SenderDomainExceptions = ["MMSC.operator.example"] }));
        Assert.Equal([LintRule.SenderDomain], Rules(Good(), new LintContext("x@mms.mnc01.mcc238.gprs", [], 10)));
    }

    [Fact]
    public void Size_above_the_agreed_limit()
    {
        Assert.Empty(Rules(Good(), new LintContext(Sender, [], 1000) { MaxSize = 1000 }));
        Assert.Equal([LintRule.Size], Rules(Good(), new LintContext(Sender, [], 1001) { MaxSize = 1000 }));
    }

    [Fact]
    public void Ack_request_needs_somewhere_to_answer()
    {
        Assert.Equal([LintRule.AckWithoutReturn], Rules(Good() with { OriginatorSystem = null }));
        Assert.Empty(Rules(Good() with { OriginatorSystem = null, Sender = Sender }));
        Assert.Empty(Rules(Good() with { OriginatorSystem = null, AckRequest = "No" }));
    }

    [Fact]
    public void A_res_needs_a_status_code()
    {
        var res = new Mm4Message(Mm4MessageType.Parse("MM4_forward.RES")) { TransactionId = "T1", Version = "6.3.0" };
        Assert.Equal([LintRule.ResWithoutStatus], Rules(res));
        Assert.Empty(Rules(res with { RequestStatus = "Ok" }));
    }

    [Fact]
    public void An_unknown_type_is_a_finding() =>
        Assert.Contains(LintRule.UnknownType, Rules(new Mm4Message(Mm4MessageType.Parse("MM4_bogus.REQ")) { TransactionId = "T", Version = "6.3.0" }));
}
