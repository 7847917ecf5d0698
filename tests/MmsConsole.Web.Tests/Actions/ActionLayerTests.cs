using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MmsConsole.Web.Actions;
using MmsGateway.Registry.Audit;
using MmsGateway.Registry.Store;
using MmsConsole.Web.Tests.Api;
using MmsGateway.Relay.Routing;

namespace MmsConsole.Web.Tests.Actions;

/// <summary>Issue 12: one action layer writes every audit entry, from typed records, for the pages and the API alike.</summary>
public sealed class ActionLayerTests
{
    private const string Mnc003 = "mms.mnc003.mcc238.gprs";
    // The Operators page once put the name into hand-made JSON: a quote or a backslash broke the entry.
    private const string AwkwardName = "Operator \"Three\" \\ <b>Tel</b>";

    private static async Task<AuditView> NewestAsync(GatewayAppFactory app) =>
        (await app.Services.GetRequiredService<AuditLog>().QueryAsync(new AuditFilter(), 0, 1)).Records[0];

    [Fact]
    public async Task An_operator_flush_from_the_console_records_the_name_as_JSON_whatever_it_holds()
    {
        await using var app = new GatewayAppFactory();
        var registry = app.Services.GetRequiredService<RegistryStore>();
        var created = await registry.CreateOperatorAsync(new OperatorInput(AwkwardName, [Mnc003], ["[10.0.0.3]"]));
        Assert.True(created.Ok, string.Join("; ", created.Errors?.SelectMany(e => e.Value) ?? []));
        var console = new Actor("noc-anna", "10.0.0.9", "console");

        await app.Services.GetRequiredService<OperatorActions>().FlushAsync(console, created.Value!, "backlog after INC-4711");

        var entry = await NewestAsync(app);
        Assert.Equal(("noc-anna", "10.0.0.9", "queue.flush", $"recipients at {AwkwardName}", "backlog after INC-4711"),
            (entry.User, entry.Source, entry.Action, entry.Target, entry.Reason));
        using var details = JsonDocument.Parse(entry.Details!);
        Assert.Equal("console", details.RootElement.GetProperty("via").GetString());
        Assert.Equal(AwkwardName, details.RootElement.GetProperty("operator").GetString());
        Assert.Equal($"D{Mnc003}", details.RootElement.GetProperty("selections")[0].GetString());
    }

    [Fact]
    public async Task A_status_change_reads_the_same_from_the_console_and_from_the_API()
    {
        await using var app = new GatewayAppFactory();
        var registry = app.Services.GetRequiredService<RegistryStore>();
        var two = (await registry.CreateOperatorAsync(new OperatorInput("Two", ["mms.mnc002.mcc238.gprs"], ["[10.0.0.2]"]))).Value!;
        var actions = app.Services.GetRequiredService<OperatorActions>();

        await actions.SetStatusAsync(new Actor("noc-anna", "10.0.0.9", "console"), two.Id, new StatusInput(DestinationStatus.Holding, Reason: "INC-1"));
        var fromConsole = await NewestAsync(app);
        using var http = app.CreateClient();
        await http.Post($"/api/operators/{two.Id}/status", new { status = "Active", reason = "INC-1 over" });
        var fromApi = await NewestAsync(app);

        Assert.Equal((fromConsole.Action, fromConsole.Target), (fromApi.Action, fromApi.Target));
        string[] Keys(AuditView v) => JsonDocument.Parse(v.Details!).RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["via", "from", "to"], Keys(fromConsole));
        Assert.Equal(Keys(fromConsole), Keys(fromApi));
        Assert.Contains("\"from\":\"Holding\",\"to\":\"Active\"", fromApi.Details);
        Assert.Contains($"\"via\":\"POST /api/operators/{two.Id}/status\"", fromApi.Details);
    }

    [Fact]
    public async Task A_request_refused_before_it_acts_is_recorded_as_failed()
    {
        await using var app = new GatewayAppFactory();
        using var http = app.CreateClient();
        var response = await http.Post("/api/queue/delete", new { select = Array.Empty<string>() });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);

        var entry = await NewestAsync(app);
        Assert.Equal("queue.delete", entry.Action);
        Assert.False(entry.Succeeded);
        Assert.Contains("whole queue", entry.Details);
    }
}
