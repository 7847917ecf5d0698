using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using System.Text.RegularExpressions;
using MmsGateway.Testing;

namespace MmsConsole.Web.Tests.Deployment;

/// <summary>The alert rules and the Grafana dashboard shipped in docker/ (issue 16): the rules pass Prometheus' own
/// checker and their unit tests (promtool, from Debian's prometheus package, installed by test.sh), and every metric
/// the rules and the dashboard's panels ask for is one a running gateway exposes, so a rename cannot leave a silent
/// alert or an empty panel behind.</summary>
public sealed partial class MonitoringFilesTests
{
    private static readonly string Root = RepoRoot.Path;
    private static readonly string Rules = Path.Combine(Root, "docker", "prometheus", "alerts.yml");
    private static readonly string Dashboard = Path.Combine(Root, "docker", "grafana", "mmsgw-dashboard.json");

    private static (int Code, string Output) Promtool(params string[] args) => ExternalTool.Run("promtool", args, Path.Combine(Root, "docker", "prometheus"));

    [Fact]
    public void The_alert_rules_pass_promtool_and_their_unit_tests_and_the_example_configuration_is_valid()
    {
        var check = Promtool("check", "rules", "alerts.yml");
        Assert.True(check.Code == 0, check.Output);
        Assert.Contains("SUCCESS: 8 rules found", check.Output);
        var test = Promtool("test", "rules", "alerts.test.yml");
        Assert.True(test.Code == 0, test.Output);
        var config = Promtool("check", "config", "--syntax-only", "prometheus.yml");
        Assert.True(config.Code == 0, config.Output);
    }

    [Fact]
    public async Task Every_metric_the_rules_and_the_dashboard_ask_for_is_in_a_real_scrape()
    {
        // Every name the rules file mentions, in its expressions and in its advice to the NOC alike.
        var expressions = new List<(string Where, string Expr)> { ("alerts.yml", await File.ReadAllTextAsync(Rules)) };
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Dashboard));
        Assert.Equal("mmsgw-overview", dashboard.RootElement.GetProperty("uid").GetString());
        foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
        {
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            Assert.True(targets.Count > 0, $"panel '{panel.GetProperty("title").GetString()}' has no query");
            expressions.AddRange(targets.Select(t => ($"panel '{panel.GetProperty("title").GetString()}'", t.GetProperty("expr").GetString()!)));
        }

        await using var app = new GatewayAppFactory();
        var scrape = await app.CreateClient().GetStringAsync("/metrics");
        var families = Family().Matches(scrape).Select(m => m.Groups[1].Value).ToHashSet();
        // A counter or histogram shows in a scrape from its first measurement on, which a fresh gateway has not
        // made for most of them: the gateway's own meter says which instruments it would show.
        var own = app.Services.GetRequiredService<IMeterFactory>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (i, _) => { if (ReferenceEquals(i.Meter.Scope, own)) lock (families) families.Add(i.Name); };
            listener.Start();
        }
        Assert.Contains("mm4_smtp_sessions_total", Family().Matches(scrape).Select(m => m.Groups[1].Value));   // the scrape itself is real

        Assert.True(expressions.Count > 16, "the rules and the panels were read");
        foreach (var (where, expr) in expressions)
            foreach (var name in Metric().Matches(expr).Select(m => m.Value).Distinct())
            {
                var family = families.Contains(name) ? name : Suffix().Replace(name, "");   // a histogram's _bucket, _sum, _count
                Assert.True(families.Contains(family), $"{where} asks for {name}, which the gateway does not expose: {expr}");
            }
    }

    [GeneratedRegex(@"^# TYPE (\S+) ", RegexOptions.Multiline)]
    private static partial Regex Family();

    [GeneratedRegex(@"\bmm4_[a-z0-9_]+")]
    private static partial Regex Metric();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex Suffix();
}
