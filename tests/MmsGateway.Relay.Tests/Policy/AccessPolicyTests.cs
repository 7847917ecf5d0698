using System.Net;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Routing;
using MmsGateway.Relay.Smtp;

namespace MmsGateway.Relay.Tests.Policy;

/// <summary>The seed's access map, combination by combination: who may send what to whom.</summary>
public class AccessPolicyTests
{
    private const string Ours = "mms.mnc001.mcc238.gprs";
    private const string Partner = "mms.mnc003.mcc238.gprs";       // agreement: From: whitelisted
    private const string Stranger = "mms.mnc009.mcc238.gprs";      // routed, no agreement
    private static readonly IPAddress OurMmsc = IPAddress.Parse("10.1.0.5");
    private static readonly IPAddress RemoteGateway = IPAddress.Parse("192.0.2.33");

    private static RuleSet Rules(IEnumerable<AccessEntry>? access = null, Func<Route, Route>? change = null, string[]? relayClients = null)
    {
        Route R(string key, bool local = false) => (change ?? (r => r))(new Route(key, [Hop("[10.9.9.9]")]) { Local = local });
        var source = new RulesSource(
            [R(Ours, local: true), R(Partner), R(Stranger), R(".mcc262.gprs")],
            relayClients ?? ["10.1.0.0/24", "127.0.0.1"],
            access?.ToList() ?? [],
            [Partner]);
        return RuleSet.Build(source, RulesSource.Empty, 1, _ => []);
    }

    private static NextHop Hop(string text) => NextHop.TryParse(text, out var hop, out _) ? hop : throw new ArgumentException(text);

    private static SmtpAddress A(string text) => text.Length == 0 ? SmtpAddress.Null
        : SmtpAddress.TryParse(text, out var a, out var e) ? a : throw new ArgumentException(e);

    private static SmtpReply? Check(RuleSet rules, IPAddress client, string sender, string recipient) =>
        SmtpReplies.ForAccess(AccessPolicy.CheckRecipient(rules, Request(client, A(sender), A(recipient))));

    private static AccessRequest Request(IPAddress client, SmtpAddress sender, SmtpAddress recipient) =>
        new(client, sender.Text, sender.Domain, recipient.Text, recipient.Domain);

    private static string Plmn(string domain) => $"+4512345678/TYPE=PLMN@{domain}";

    [Fact]
    public void A_relay_client_may_send_to_any_routed_destination_from_any_sender()
    {
        var rules = Rules();
        Assert.Null(Check(rules, OurMmsc, Plmn(Ours), Plmn(Stranger)));
        Assert.Null(Check(rules, OurMmsc, Plmn(Ours), Plmn(Partner)));
        Assert.Null(Check(rules, OurMmsc, "", Plmn("mms.mnc007.mcc262.gprs")));   // .parent route
        Assert.Null(Check(rules, IPAddress.Loopback, Plmn(Ours), Plmn(Ours)));
    }

    [Fact]
    public void An_ipv4_mapped_client_address_matches_its_ipv4_relay_entry() =>
        Assert.Null(Check(Rules(), OurMmsc.MapToIPv6(), Plmn(Ours), Plmn(Stranger)));

    [Fact]
    public void Nobody_may_send_to_an_unrouted_domain()
    {
        var reply = Check(Rules(), OurMmsc, Plmn(Ours), "user@example.org");
        Assert.Equal("550 5.7.1 <user@example.org>: Relay access denied", reply?.ToString());
    }

    [Fact]
    public void A_partner_with_an_agreement_may_send_to_our_domain()
    {
        Assert.Null(Check(Rules(), RemoteGateway, Plmn(Partner), Plmn(Ours)));
        Assert.Null(Check(Rules(), RemoteGateway, "system-user@" + Partner, Plmn(Ours)));
    }

    [Fact]
    public void A_partner_may_not_relay_through_us_to_another_operator()
    {
        var reply = Check(Rules(), RemoteGateway, Plmn(Partner), Plmn(Stranger));
        Assert.Equal(550, reply?.Code);
        Assert.Contains("Relay access denied", reply!.ToString());
    }

    [Fact]
    public void A_sender_without_an_agreement_is_refused_with_a_text_that_says_so()
    {
        var reply = Check(Rules(), RemoteGateway, Plmn(Stranger), Plmn(Ours));
        Assert.Equal($"550 5.7.1 <{Plmn(Stranger)}>: Sender domain {Stranger} has no interconnect agreement with us", reply?.ToString());
    }

    [Fact]
    public void The_null_sender_may_always_reach_our_domains_but_not_relay()
    {
        Assert.Null(Check(Rules(), RemoteGateway, "", Plmn(Ours)));
        Assert.Equal(550, Check(Rules(), RemoteGateway, "", Plmn(Stranger))?.Code);
    }

    [Fact]
    public void From_ok_whitelists_a_sender_domain_without_an_operator_record()
    {
        var rules = Rules([new AccessEntry(AccessKind.From, "mm4gw1.example.com", AccessAction.Ok)]);
        Assert.Null(Check(rules, RemoteGateway, "root@mm4gw1.example.com", Plmn(Ours)));
    }

    [Fact]
    public void From_reject_and_tempfail_override_an_agreement()
    {
        var reject = Rules([new AccessEntry(AccessKind.From, Partner, AccessAction.Reject, "agreement suspended")]);
        Assert.Equal($"550 5.7.1 <{Plmn(Partner)}>: agreement suspended", Check(reject, RemoteGateway, Plmn(Partner), Plmn(Ours))?.ToString());
        var tempfail = Rules([new AccessEntry(AccessKind.From, Partner, AccessAction.Tempfail)]);
        Assert.Equal(451, Check(tempfail, RemoteGateway, Plmn(Partner), Plmn(Ours))?.Code);
    }

    [Fact]
    public void From_entries_do_not_restrict_relay_clients() =>
        Assert.Null(Check(Rules([new AccessEntry(AccessKind.From, Ours, AccessAction.Reject)]), OurMmsc, Plmn(Ours), Plmn(Partner)));

    [Fact]
    public void To_reject_refuses_every_client_including_our_mmsc()
    {
        var rules = Rules([new AccessEntry(AccessKind.To, Stranger, AccessAction.Reject)]);
        Assert.Equal($"550 5.7.1 <{Plmn(Stranger)}>: Access denied", Check(rules, OurMmsc, Plmn(Ours), Plmn(Stranger))?.ToString());
        Assert.Null(Check(rules, OurMmsc, Plmn(Ours), Plmn(Partner)));
    }

    [Fact]
    public void To_entries_match_subdomains_and_full_addresses_first()
    {
        var rules = Rules([
            new AccessEntry(AccessKind.To, "mcc238.gprs", AccessAction.Tempfail, "national interconnect maintenance"),
            new AccessEntry(AccessKind.To, Plmn(Partner), AccessAction.Ok),
        ]);
        Assert.Equal(451, Check(rules, OurMmsc, Plmn(Ours), Plmn(Stranger))?.Code);
        Assert.Null(Check(rules, OurMmsc, Plmn(Ours), Plmn(Partner)));
    }

    [Fact]
    public void To_relay_opens_a_domain_to_every_client_as_the_seeds_company_domain()
    {
        var rules = Rules([new AccessEntry(AccessKind.To, Stranger, AccessAction.Relay)]);
        Assert.Null(Check(rules, RemoteGateway, Plmn(Partner), Plmn(Stranger)));
        // The sender check still applies: To: RELAY opens the destination, not the gate.
        Assert.Equal(550, Check(rules, RemoteGateway, "a@unknown.example", Plmn(Stranger))?.Code);
    }

    [Fact]
    public void Connect_relay_makes_a_client_a_relay_client()
    {
        var rules = Rules([new AccessEntry(AccessKind.Connect, RemoteGateway.ToString(), AccessAction.Relay)]);
        Assert.Null(Check(rules, RemoteGateway, "anyone@example.org", Plmn(Stranger)));
    }

    [Fact]
    public void Connect_reject_and_tempfail_refuse_a_client_even_from_the_relay_list()
    {
        var reject = Rules([new AccessEntry(AccessKind.Connect, "10.1.0.5", AccessAction.Reject, "decommissioned MMSC")]);
        Assert.Equal($"550 5.7.1 <{Plmn(Partner)}>: decommissioned MMSC", Check(reject, OurMmsc, Plmn(Ours), Plmn(Partner))?.ToString());
        var tempfail = Rules([new AccessEntry(AccessKind.Connect, "192.0.2.0/24", AccessAction.Tempfail)]);
        Assert.Equal(451, Check(tempfail, RemoteGateway, Plmn(Partner), Plmn(Ours))?.Code);
    }

    [Fact]
    public void The_most_specific_connect_entry_wins()
    {
        var rules = Rules([
            new AccessEntry(AccessKind.Connect, "192.0.2.0/24", AccessAction.Relay),
            new AccessEntry(AccessKind.Connect, "192.0.2.33", AccessAction.Reject),
        ]);
        Assert.Equal(550, Check(rules, RemoteGateway, Plmn(Partner), Plmn(Ours))?.Code);
        Assert.Null(Check(rules, IPAddress.Parse("192.0.2.34"), "x@example.org", Plmn(Stranger)));
    }

    [Theory]
    [InlineData(DestinationStatus.RejectingTemporarily, "451 4.7.1")]
    [InlineData(DestinationStatus.RejectingPermanently, "550 5.7.1")]
    public void An_operator_down_rejecting_is_refused_for_every_client(DestinationStatus status, string code)
    {
        var rules = Rules(change: r => r.Key == Stranger ? r with { Status = status, Operator = "Nine", StatusText = "Nine is down until 18:00" } : r);
        Assert.Equal($"{code} <{Plmn(Stranger)}>: Nine is down until 18:00", Check(rules, OurMmsc, Plmn(Ours), Plmn(Stranger))?.ToString());
        Assert.Null(Check(rules, OurMmsc, Plmn(Ours), Plmn(Partner)));
    }

    [Fact]
    public void An_operator_down_rejecting_without_a_text_is_named_in_the_reply()
    {
        var rules = Rules(change: r => r.Key == Stranger ? r with { Status = DestinationStatus.RejectingTemporarily, Operator = "Nine" } : r);
        Assert.Contains("Nine is temporarily unavailable", Check(rules, OurMmsc, Plmn(Ours), Plmn(Stranger))!.ToString());
    }

    [Fact]
    public void An_operator_down_holding_still_accepts_mail()
    {
        var rules = Rules(change: r => r with { Status = DestinationStatus.Holding });
        Assert.Null(Check(rules, OurMmsc, Plmn(Ours), Plmn(Stranger)));
    }

    [Fact]
    public void A_host_name_relay_client_is_resolved_forward_and_an_unresolvable_one_is_a_warning()
    {
        var source = new RulesSource([new Route(Ours, [Hop("[10.9.9.9]")])], ["our-mmsc.intra.example.com", "gone.example.com"], [], []);
        var rules = RuleSet.Build(source, RulesSource.Empty, 1, name => name == "our-mmsc.intra.example.com"
            ? [IPAddress.Parse("10.1.0.7")]
            : throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound));
        Assert.True(rules.IsRelayClient(IPAddress.Parse("10.1.0.7")));
        Assert.False(rules.IsRelayClient(IPAddress.Parse("10.1.0.8")));
        Assert.Contains(rules.Warnings, w => w.Contains("gone.example.com"));
    }
}
