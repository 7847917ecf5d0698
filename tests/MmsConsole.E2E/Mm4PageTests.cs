using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MmsGateway.Testing;
using static Microsoft.Playwright.Assertions;

namespace MmsConsole.E2E;

/// <summary>What SMTP hides, shown (issue 14): a partner's MMSC that stops answering our MM4 forwards looks
/// delivered over SMTP; the MM4 page counts the missing MM4_forward.RES, the partner's chip turns amber, and a
/// subscriber's number finds the whole chain REQ → RES.</summary>
public sealed partial class Mm4PageTests : IAsyncLifetime
{
    private const string Ours = "mms.mnc001.mcc238.gprs", Mnc003 = "mms.mnc003.mcc238.gprs";
    private ConsoleSession _s = null!;
    private SmtpSink _mmsc = null!;
    private Mm4Partner _three = null!;

    public async Task InitializeAsync()
    {
        _mmsc = SmtpSink.Start();
        _three = Mm4Partner.Start(Mnc003, () => _s.Gateway.Smtp);
        _s = await ConsoleSession.StartAsync("--Gateway:Routes:" + Ours, _mmsc.Hop, "--Gateway:LocalDomains:0", Ours, "--Gateway:Delivery:Enabled", "true",
            "--Gateway:Ledger:ResponseTimeout", "00:00:05", "--Gateway:Ledger:FlushInterval", "00:00:00.05", "--Gateway:Ledger:SweepInterval", "00:00:00.2",
            "--Console:Alerts:Mm4Interval", "00:00:00.5", "--Console:Alerts:Mm4MinForwards", "3");
        (await _s.Api.PostAsJsonAsync("/api/operators", new { name = "Three", domains = new[] { Mnc003 }, nextHops = new[] { _three.Hop }, inboundAllowed = true }))
            .EnsureSuccessStatusCode();
    }

    private async Task ForwardAsync(string transactionId, string msisdn = "+4512345678") =>
        Assert.StartsWith("250", await RawSmtp.SendMessageAsync(_s.Gateway.Smtp, Mm4Samples.Sender, $"{msisdn}/TYPE=PLMN@{Mnc003}",
            Encoding.ASCII.GetString(Mm4Samples.ForwardRequest(transactionId)).Replace("+4512345678", msisdn).Replace("\r\n.starts", "\r\n..starts").TrimEnd()));

    [Fact]
    public async Task A_silent_partner_shows_a_missing_res_turns_its_chip_amber_and_a_number_finds_the_chain()
    {
        await ForwardAsync("T-answered-1");
        await ForwardAsync("T-answered-2");
        await ForwardAsync("T-other", "+4599999999");
        await Eventually.True(() => _three.Answered.Count == 3, TimeSpan.FromSeconds(15), "Three answers the first three forwards");
        _three.Silent = true;
        await ForwardAsync("T-silent");

        // The MM4 page: one of four forwards never answered, in the row of Three, and its list one click away.
        var mm4 = await _s.OpenAsync("/mm4");
        await Expect(mm4.GetByTestId("mm4-missing-three-outbound")).ToHaveTextAsync("1", new() { Timeout = 15_000 });
        await Expect(mm4.GetByTestId("mm4-answered-three-outbound")).ToHaveTextAsync("3");
        await Expect(mm4.GetByTestId("mm4-verdict-Three")).ToHaveAttributeAsync("data-mm4", "warning", new() { Timeout = 10_000 });
        await mm4.ScreenshotAsync(new() { Path = Path.Combine(ConsoleSession.Screenshots, "mm4.png") });
        await mm4.GetByTestId("mm4-missing-three-outbound").ClickAsync();
        await Expect(mm4.GetByTestId("ledger-row-tid")).ToHaveTextAsync(["T-silent"]);
        await Expect(mm4.GetByTestId("ledger-row-state")).ToHaveTextAsync(["Missing"]);

        // The dashboard: Three is administratively up and delivering over SMTP, and amber all the same, saying why.
        var dashboard = await _s.OpenAsync("/");
        var chip = dashboard.GetByTestId("chip-Three");
        await Expect(chip).ToHaveAttributeAsync("data-mm4", "warning", new() { Timeout = 10_000 });
        await Expect(chip).ToHaveClassAsync(WarningColour());
        await Expect(chip).ToContainTextAsync("UP · MM4 degraded");
        await Expect(dashboard.GetByTestId("alert")).ToContainTextAsync(["Three: 1 of 4 forwards got no MM4_forward.RES within the response timeout"]);

        // A subscriber's number with the 00 prefix finds the three forwards; a row opens its chain REQ → RES.
        var ledger = await _s.OpenAsync("/mm4/ledger");
        await ledger.Locator("input[data-testid=ledger-msisdn], [data-testid=ledger-msisdn] input").First.FillAsync("004512345678");
        await ledger.GetByTestId("ledger-run").ClickAsync();
        await Expect(ledger).ToHaveURLAsync(SearchedNumber());
        await Expect(ledger.GetByTestId("ledger-row-tid")).ToHaveTextAsync(["T-silent", "T-answered-2", "T-answered-1"]);
        await ledger.GetByTestId("ledger-row-tid").Last.ClickAsync();
        var detail = ledger.GetByTestId("ledger-detail");
        await Expect(detail.GetByTestId("chain-req")).ToContainTextAsync("MM4_forward.REQ T-answered-1 · Three · to partner");
        await Expect(detail.GetByTestId("chain-status")).ToHaveTextAsync("Ok");
        await Expect(detail.GetByTestId("chain-res")).ToContainTextAsync("MM4_forward.RES");
        await ledger.ScreenshotAsync(new() { Path = Path.Combine(ConsoleSession.Screenshots, "mm4-ledger.png") });
    }

    [GeneratedRegex("/mm4/ledger\\?msisdn=004512345678$")]
    private static partial Regex SearchedNumber();

    [GeneratedRegex("mud-chip-color-warning")]
    private static partial Regex WarningColour();

    public async Task DisposeAsync()
    {
        await _s.DisposeAsync();
        await _three.DisposeAsync();
        await _mmsc.DisposeAsync();
    }
}
