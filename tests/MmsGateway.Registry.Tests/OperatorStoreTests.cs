using Microsoft.EntityFrameworkCore;
using MmsGateway.Registry.Database;
using MmsGateway.Registry.Store;
using MmsGateway.Relay.Routing;

namespace MmsGateway.Registry.Tests;

public abstract class OperatorStoreTests(RegistryProvider provider) : IDisposable
{
    private const string Mnc002 = "mms.mnc002.mcc238.gprs", Mnc003 = "mms.mnc003.mcc238.gprs";
    private RegistryHarness _h = null!;

    private async Task<RegistryHarness> Start() => _h = await RegistryHarness.StartAsync(provider);

    private static OperatorInput Two(params string[] hops) =>
        new("Operator Two", [Mnc002], hops.Length == 0 ? ["[10.0.0.2]", "[10.0.0.3]:2525"] : hops, InboundAllowed: true,
            Country: "Denmark", Mcc: "238", Mnc: "002");

    [Fact]
    public async Task A_new_operator_is_in_force_in_the_relay_when_the_call_returns()
    {
        var h = await Start();
        var saved = await h.Store.CreateOperatorAsync(Two());

        Assert.True(saved.Ok);
        var route = h.Rules.Current.Resolve(Mnc002);
        Assert.NotNull(route);
        Assert.Equal(["[10.0.0.2]", "[10.0.0.3]:2525"], route.Hops.Select(x => x.ToString()));
        Assert.Equal("Operator Two", route.Operator);
        Assert.True(h.Rules.Current.HasAgreement(Mnc002));
        Assert.Equal(1, h.Publisher.Revision);
    }

    [Fact]
    public async Task An_operators_TLS_terms_are_stored_checked_and_in_force_in_the_relay()
    {
        var h = await Start();
        var ca = Path.Combine(h.Files, "operator-ca.pem");
        using (var key = System.Security.Cryptography.ECDsa.Create())
        using (var cert = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=CA", key, System.Security.Cryptography.HashAlgorithmName.SHA256)
                   .CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1)))
            await File.WriteAllTextAsync(ca, cert.ExportCertificatePem());
        var pin = string.Join(':', Enumerable.Repeat("ab", 32));

        var saved = await h.Store.CreateOperatorAsync(Two() with { Tls = OutboundTls.Required, TlsPin = pin, TlsCaFile = ca });

        Assert.True(saved.Ok);
        Assert.Equal((OutboundTls.Required, string.Concat(Enumerable.Repeat("AB", 32)), ca), (saved.Value!.Tls, saved.Value.TlsPin, saved.Value.TlsCaFile));
        Assert.Equal(new TlsPolicy(OutboundTls.Required, string.Concat(Enumerable.Repeat("AB", 32)), ca), h.Rules.Current.Resolve(Mnc002)!.Tls);

        var bad = await h.Store.UpdateOperatorAsync(saved.Value.Id, Two() with { TlsPin = "12:34", TlsCaFile = "/nonexistent/ca.pem" });
        Assert.False(bad.Ok);
        Assert.Contains("64 hex digits", bad.Errors!["tlsPin"].Single());
        Assert.Contains("/nonexistent/ca.pem cannot be read", bad.Errors["tlsCaFile"].Single());

        var plain = await h.Store.CreateOperatorAsync(new OperatorInput("Three", [Mnc003], ["[10.0.0.4]"]));
        Assert.Equal(OutboundTls.Opportunistic, plain.Value!.Tls);
    }

    [Fact]
    public async Task An_invalid_operator_is_refused_field_by_field_and_never_reaches_the_relay()
    {
        var h = await Start();
        await h.Store.CreateOperatorAsync(Two());
        var version = h.Rules.Current.Version;

        var result = await h.Store.CreateOperatorAsync(new OperatorInput(" ", [Mnc002, "bad..domain", Mnc003, Mnc003],
            ["[10.0.0.300]", "host:99999"], Mcc: "23", MaxConnections: 0, QueueLifetime: TimeSpan.Zero));

        Assert.False(result.Ok);
        var e = result.Errors!;
        Assert.Contains("a name is required", e["name"]);
        Assert.Contains($"{Mnc002} already belongs to operator Operator Two", e["domains[0]"]);
        Assert.Contains("'bad..domain' is not a domain", e["domains[1]"]);
        Assert.Contains($"{Mnc003} is listed twice", e["domains[3]"]);
        Assert.Contains("is not an IP address", e["nextHops[0]"][0]);
        Assert.Contains("port", e["nextHops[1]"][0]);
        Assert.Equal(["3 digits"], e["mcc"]);
        Assert.True(e.ContainsKey("maxConnections") && e.ContainsKey("queueLifetime"));
        Assert.Equal(version, h.Rules.Current.Version);
        await using var db = await h.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.Operators.CountAsync());
    }

    [Fact]
    public async Task A_domain_of_an_unusual_form_is_accepted_with_a_warning()
    {
        var h = await Start();
        var result = await h.Store.CreateOperatorAsync(new OperatorInput("Legacy", ["mm4.legacy-operator.example"], ["[10.0.9.2]"]));
        Assert.True(result.Ok);
        Assert.Contains(result.Warnings, w => w.Contains("not of the form mms.mncNNN.mccNNN.gprs"));
    }

    [Fact]
    public async Task An_operators_own_domain_cannot_be_one_of_ours()
    {
        var h = await Start();
        await h.Store.SetOurSideAsync(new OurSideInput([new OwnDomainInput(Mnc002, ["[10.1.0.5]"])], []));
        var result = await h.Store.CreateOperatorAsync(Two());
        Assert.Contains($"{Mnc002} is one of our own domains", result.Errors!["domains[0]"]);
    }

    [Fact]
    public async Task An_update_replaces_domains_hops_and_limits_and_a_delete_removes_the_route()
    {
        var h = await Start();
        var id = (await h.Store.CreateOperatorAsync(Two())).Value!.Id;

        var updated = await h.Store.UpdateOperatorAsync(id, Two("[10.0.0.9]") with
            { Domains = [Mnc003], MaxConnections = 2, QueueLifetime = TimeSpan.FromDays(10) });

        Assert.True(updated.Ok);
        Assert.Null(h.Rules.Current.Resolve(Mnc002));
        var route = h.Rules.Current.Resolve(Mnc003)!;
        Assert.Equal("[10.0.0.9]", route.Hops.Single().ToString());
        Assert.Equal(2, route.Concurrency);
        Assert.Equal(TimeSpan.FromDays(10), route.QueueLifetime);

        Assert.True(await h.Store.DeleteOperatorAsync(id));
        Assert.Null(h.Rules.Current.Resolve(Mnc003));
        Assert.False(await h.Store.DeleteOperatorAsync(id));
        Assert.True((await h.Store.UpdateOperatorAsync(id, Two())).NotFound);
        Assert.True((await h.Store.CreateOperatorAsync(Two() with { Domains = [Mnc003] })).Ok);   // its domains went with it
    }

    [Fact]
    public async Task A_status_change_records_who_when_why_and_until_and_is_in_force_at_once()
    {
        var h = await Start();
        var id = (await h.Store.CreateOperatorAsync(Two())).Value!.Id;
        var until = h.Clock.GetUtcNow().AddHours(6);

        var result = await h.Store.SetStatusAsync(id,
            new StatusInput(DestinationStatus.RejectingTemporarily, "Operator Two maintenance until 15:00 UTC", "ticket INC-4711", until), "noc-anna");

        Assert.True(result.Ok);
        var route = h.Rules.Current.Resolve(Mnc002)!;
        Assert.Equal(DestinationStatus.RejectingTemporarily, route.Status);
        Assert.Equal("Operator Two maintenance until 15:00 UTC", route.StatusText);
        var change = Assert.Single(await h.Store.StatusHistoryAsync(id));
        Assert.Equal(("noc-anna", DestinationStatus.Active, DestinationStatus.RejectingTemporarily, "ticket INC-4711", until, h.Clock.GetUtcNow()),
            (change.By, change.From, change.To, change.Reason, change.Until, change.At));
    }

    [Theory]
    [InlineData("down\r\n250 fake", "text", "printable ASCII only")]
    [InlineData(null, "by", "who makes the change is required")]
    public async Task A_status_change_that_could_break_an_smtp_reply_or_has_no_author_is_refused(string? text, string field, string message)
    {
        var h = await Start();
        var id = (await h.Store.CreateOperatorAsync(Two())).Value!.Id;
        var result = await h.Store.SetStatusAsync(id, new StatusInput(DestinationStatus.RejectingPermanently, text), text is null ? " " : "noc");
        Assert.Contains(result.Errors![field], m => m.Contains(message));
        Assert.Equal(DestinationStatus.Active, h.Rules.Current.Resolve(Mnc002)!.Status);
    }

    [Fact]
    public async Task An_end_time_in_the_past_is_refused()
    {
        var h = await Start();
        var id = (await h.Store.CreateOperatorAsync(Two())).Value!.Id;
        var result = await h.Store.SetStatusAsync(id, new StatusInput(DestinationStatus.Holding, Until: h.Clock.GetUtcNow().AddMinutes(-1)), "noc");
        Assert.Contains("must be in the future", result.Errors!["until"][0]);
    }

    [Fact]
    public async Task A_down_status_ends_by_itself_at_its_end_time_and_says_so_in_the_history()
    {
        var h = await Start();
        var id = (await h.Store.CreateOperatorAsync(Two())).Value!.Id;
        await h.Store.SetStatusAsync(id, new StatusInput(DestinationStatus.Holding, Until: h.Clock.GetUtcNow().AddHours(2)), "noc-anna");

        Assert.Equal(0, await h.Store.EndExpiredStatusesAsync());
        h.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await h.Store.EndExpiredStatusesAsync());

        Assert.Equal(DestinationStatus.Active, h.Rules.Current.Resolve(Mnc002)!.Status);
        var latest = (await h.Store.StatusHistoryAsync(id))[0];
        Assert.Equal(("automatic", DestinationStatus.Holding, DestinationStatus.Active), (latest.By, latest.From, latest.To));
        Assert.Contains("scheduled end", latest.Reason);
    }

    [Fact]
    public async Task Two_gateways_ending_the_same_down_status_at_once_record_it_once()
    {
        var h = await Start();
        var other = await h.OpenAnotherAsync();
        var id = (await h.Store.CreateOperatorAsync(Two())).Value!.Id;
        await h.Store.SetStatusAsync(id, new StatusInput(DestinationStatus.Holding, Until: h.Clock.GetUtcNow().AddHours(2)), "noc-anna");
        h.Clock.Advance(TimeSpan.FromHours(2));
        other.Clock.Advance(TimeSpan.FromHours(2));

        var ended = await Task.WhenAll(h.Store.EndExpiredStatusesAsync(), other.Store.EndExpiredStatusesAsync());

        Assert.Equal(1, ended.Sum());
        Assert.Equal([("automatic", DestinationStatus.Active), ("noc-anna", DestinationStatus.Holding)],
            (await h.Store.StatusHistoryAsync(id)).Select(c => (c.By, c.To)));
    }

    public void Dispose() => _h?.Dispose();
}

public sealed class OperatorStoreOnSqlite() : OperatorStoreTests(RegistryProvider.Sqlite);

public sealed class OperatorStoreOnPostgres() : OperatorStoreTests(RegistryProvider.Postgres);
