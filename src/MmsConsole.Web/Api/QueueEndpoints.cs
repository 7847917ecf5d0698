using MmsConsole.Web.Actions;
using MmsConsole.Web.Messages;
using MmsConsole.Web.Security;
using MmsConsole.Web.Site;
using MmsGateway.Relay.Control;

namespace MmsConsole.Web.Api;

/// <summary>The relay core's queue operations: the seed's mailq, -qR/-qS/-qI flushes, moving a queue aside.</summary>
internal static class QueueEndpoints
{
    public static void MapQueueApi(this IEndpointRouteBuilder api)
    {
        var q = api.MapGroup("/queue").WithTags("Queue");
        // node=NAME that names no node of the site: a 400 naming the nodes there are, for every queue endpoint alike.
        q.AddEndpointFilter(async (context, next) =>
        {
            try { return await next(context); }
            catch (UnknownNodeException e) { return ApiResults.Invalid("node", e.Message); }
        });
        // Queue depth from the live index (the fast "mailq | wc -l").
        q.MapGet("/counts", (IQueueControl queue) => queue.GetCounts());
        // The same per-operator grouping as the dashboard (mm4ctl queue).
        q.MapGet("/operators", (MmsConsole.Web.Live.GatewayStats stats) => stats.Peek().Operators)
            .WithSummary("Recipients per operator and state, oldest message, last error and next retry");
        q.MapGet("/", async (string[]? select, int? skip, int? take, string? node, HttpContext http, SiteQueue site, CancellationToken ct) =>
        {
            if (!QueueSelection.TryParse(select ?? [], out var selection, out var error)) return ApiResults.Invalid("select", error);
            if (skip < 0) return ApiResults.Invalid("skip", "must not be negative");
            if (take is < 1 or > 1000) return ApiResults.Invalid("take", "between 1 and 1000");
            var page = await site.SearchAsync(selection, node, skip ?? 0, take ?? 50, http.User, Actor.Of(http).Source, ct);
            // Aimed at one node that did not answer: an error, not an empty queue.
            return node is not null && page.Nodes is [{ Error: { } failed }] ? ApiResults.PeerFailed(failed) : Results.Ok(page);
        }).WithSummary("Messages matching select terms such as R+4512, !Smms.mnc003, Immm, Dmms.mnc002.mcc238.gprs, Theld; "
            + "on a site, of every node (each message names its node; nodes lists each node's totals or why it could not be asked), or of node=NAME");
        q.MapGet("/{id}", async (string id, string? node, HttpContext http, SiteQueue site, CancellationToken ct) =>
            Reply(await site.FindAsync(node, id, http.User, Actor.Of(http).Source, ct))).WithSummary("One queued message; node=NAME asks the node that holds it");
        // The header block only, as the console's drawer shows it (reading the message itself is an Operator's, and audited).
        q.MapGet("/{id}/headers", async (string id, string? node, HttpContext http, SiteQueue site, CancellationToken ct) =>
            Reply(await site.HeadersAsync(node, id, http.User, Actor.Of(http).Source, ct))).WithSummary("A queued message's header fields; node=NAME asks the node that holds it");
        q.MapGet("/{id}/message", async (string id, HttpContext http, QueueActions a) =>
            await a.OpenMessageAsync(Actor.Of(http), id) is { } stream ? Results.Stream(stream, "message/rfc822") : ApiResults.NotFound($"No message {id} in the queue"))
            // The message itself (an MMS's pictures): an Operator's, and each read is recorded.
            .RequireAuthorization(ConsolePolicies.Operator).Audited("queue.read-message");
        q.MapGet("/{id}/parts/{index:int}", async (string id, int index, HttpContext http, QueueActions a, CancellationToken ct) =>
        {
            if (await a.OpenPartAsync(Actor.Of(http), id, index, ct) is not { } part) return ApiResults.NotFound($"No part {index} of a message {id} in the queue");
            // Only raster images are shown inline; anything else (SVG, HTML, unknown) is a download, never rendered by the console's origin.
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return MimeStructure.InlineImages.Contains(part.ContentType)
                ? Results.File(part.Content, part.ContentType)
                : Results.File(part.Content, "application/octet-stream", part.FileName ?? $"{id}-part-{index}");
        }).WithSummary("One decoded MIME part of a queued message (images inline, anything else as a download)")
            .RequireAuthorization(ConsolePolicies.Operator).Audited("queue.read-message");

        q.MapPost("/flush", async (QueueRequest request, HttpContext http, SiteQueue site, ActionAudit audit, CancellationToken ct) =>
        {
            var (bad, selection) = await CheckAsync(request, QueueAction.Flush, http, audit);
            if (bad is not null) return bad;
            var runs = await site.FlushAsync(request, selection, request.Node, Actor.Of(http), http.User, ct);
            // One node: its run, as before. A site: the first run that started, as before (so scripts keep working), and
            // every node's run or failure in "nodes".
            if (runs.Count == 1)
                return runs[0].Run is { } only ? TypedResults.Accepted($"/api/queue/flushes/{only.Id}", only) : ApiResults.PeerFailed(runs[0].Error!);
            if (runs.FirstOrDefault(r => r.Run is not null)?.Run is not { } first)
                return ApiResults.PeerFailed(string.Join("; ", runs.Select(r => r.Error)));
            var body = System.Text.Json.JsonSerializer.SerializeToNode(first, SitePeers.Json)!.AsObject();
            body["nodes"] = System.Text.Json.JsonSerializer.SerializeToNode(runs, SitePeers.Json);
            return Results.Json(body, statusCode: StatusCodes.Status202Accepted);
        }).RequireAuthorization(ConsolePolicies.Operator).Audited("queue.flush");
        q.MapGet("/flushes", async (string? node, HttpContext http, SiteQueue site, CancellationToken ct) =>
        {
            // This node's runs; node=NAME another node's (each node runs flushes on its own spool).
            var runs = await site.FlushesAsync(await site.NodeAsync(node, ct), http.User, Actor.Of(http).Source, ct);
            return runs.Value is { } list ? Results.Ok(list) : ApiResults.PeerFailed(runs.Error!);
        });
        q.MapGet("/flushes/{id:int}", async (int id, string? node, HttpContext http, SiteQueue site, CancellationToken ct) =>
        {
            // A flush runs on its node's spool: node=NAME asks that node (a site's flush has a run on each).
            var progress = await site.FlushProgressAsync(await site.NodeAsync(node, ct), id, http.User, Actor.Of(http).Source, ct);
            return progress.Run is { } run ? Results.Ok(run)
                : progress.Error == $"No flush {id}" ? ApiResults.NotFound(progress.Error) : ApiResults.PeerFailed(progress.Error!);
        });
        q.MapPost("/flushes/{id:int}/stop", async (int id, HttpContext http, QueueActions a) =>
            await a.StopFlushAsync(Actor.Of(http), id) is { } run ? Results.Ok(FlushView.Of(run)) : ApiResults.NotFound($"No flush {id}"))
            .RequireAuthorization(ConsolePolicies.Operator).Audited("queue.flush-stop");

        foreach (var action in new[] { QueueAction.Hold, QueueAction.Release, QueueAction.Delete, QueueAction.Bounce })
            q.MapPost("/" + action.ToString().ToLowerInvariant(), async (QueueRequest r, HttpContext http, SiteQueue site, ActionAudit audit, CancellationToken ct) =>
            {
                var (bad, selection) = await CheckAsync(r, action, http, audit);
                if (bad is not null) return bad;
                var result = await site.ApplyAsync(action, r, selection, r.Node, Actor.Of(http), http.User, ct);
                if (r.Node is not null && result.Nodes is [{ Error: { } failed }]) return ApiResults.PeerFailed(failed);
                return Results.Ok(new { result.Recipients, result.LifetimesExtended, result.NoticesSent, result.Summary, result.Nodes });
            }).RequireAuthorization(ConsolePolicies.Operator).Audited(QueueActions.Audited(action));
    }

    private static IResult Reply<T>(PeerReply<T> reply) =>
        reply.Value is { } value ? Results.Ok(value) : reply.Status == 404 ? ApiResults.NotFound(reply.Error!) : ApiResults.PeerFailed(reply.Error!);

    // A request refused before it acts is recorded too: the trail shows the attempt and why it failed.
    // Deleting or bouncing the whole queue takes an explicit "all": an empty selection is more often a mistake.
    private static async Task<(IResult? Refused, QueueSelection Selection)> CheckAsync(QueueRequest r, QueueAction action, HttpContext http, ActionAudit audit)
    {
        var (field, error) = !QueueSelection.TryParse(r.Select ?? [], out var selection, out var bad) ? ("select", bad)
            : action == QueueAction.Bounce && string.IsNullOrWhiteSpace(r.Reason) ? ("reason", "a reason is required: it is sent to each sender")
            : selection.Terms.Count == 0 && action is QueueAction.Delete or QueueAction.Bounce && r.All != true
                ? ("select", "no selection: this would apply to the whole queue; send \"all\": true if that is meant")
            : (null, null);
        if (field is null) return (null, selection);
        await audit.RefusedAsync(Actor.Of(http), QueueActions.Audited(action), string.Join(' ', r.Select ?? []), $"{field}: {error}", r.Reason);
        return (ApiResults.Invalid(field, error!), selection);
    }
}

/// <summary>Select terms as sendmail's -q takes them (R, S, I, D, T; "!" negates); <see cref="Reason"/> for a bounce.</summary>
/// <summary><see cref="Node"/>: on a site, the one node to act on (null: every node, each on what it holds).</summary>
public sealed record QueueRequest(string[]? Select, string? Reason = null, bool? All = null, string? Node = null)
{
    /// <summary>The request the console sends another node for <paramref name="selection"/>: its terms as typed, and an
    /// empty selection said to mean the whole queue (the console has confirmed it).</summary>
    public static QueueRequest For(QueueSelection selection, string? reason, string? node = null) =>
        new([.. selection.Terms.Select(t => t.ToString())], reason, All: selection.Terms.Count == 0 ? true : null, Node: node);
}

public sealed record FlushView(int Id, string Selection, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string State,
    int Selected, int Attempted, int Delivered, int Deferred, int Bounced, int Withdrawn)
{
    public static FlushView Of(FlushRun r) => new(r.Id, r.Selection, r.StartedAt, r.FinishedAt, r.State.ToString(),
        r.Selected, r.Attempted, r.Delivered, r.Deferred, r.Bounced, r.Withdrawn);
}
