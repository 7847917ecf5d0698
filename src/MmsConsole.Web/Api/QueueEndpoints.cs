using MmsConsole.Web.Security;
using MmsGateway.Relay.Control;

namespace MmsConsole.Web.Api;

/// <summary>The relay core's queue operations: the seed's mailq, -qR/-qS/-qI flushes, moving a queue aside.</summary>
internal static class QueueEndpoints
{
    public static void MapQueueApi(this IEndpointRouteBuilder api)
    {
        var q = api.MapGroup("/queue").WithTags("Queue");
        // Queue depth from the live index (the fast "mailq | wc -l").
        q.MapGet("/counts", (IQueueControl queue) => queue.GetCounts());
        // The same per-operator grouping as the dashboard (mm4ctl queue).
        q.MapGet("/operators", (MmsConsole.Web.Live.GatewayStats stats) => stats.Peek().Operators)
            .WithSummary("Recipients per operator and state, oldest message, last error and next retry");
        q.MapGet("/", async (string[]? select, int? skip, int? take, IQueueControl queue, CancellationToken ct) =>
        {
            if (Parse(select, out var selection) is { } bad) return bad;
            if (skip < 0) return ApiResults.Invalid("skip", "must not be negative");
            if (take is < 1 or > 1000) return ApiResults.Invalid("take", "between 1 and 1000");
            return Results.Ok(await queue.SearchAsync(selection, skip ?? 0, take ?? 50, ct));
        }).WithSummary("Messages matching select terms such as R+4512, !Smms.mnc003, Immm, Dmms.mnc002.mcc238.gprs, Theld");
        q.MapGet("/{id}", (string id, IQueueControl queue) =>
            queue.Find(id) is { } m ? Results.Ok(m) : ApiResults.NotFound($"No message {id} in the queue"));
        q.MapGet("/{id}/message", (string id, IQueueControl queue) =>
            queue.OpenMessage(id) is { } stream ? Results.Stream(stream, "message/rfc822") : ApiResults.NotFound($"No message {id} in the queue"))
            // The message itself (an MMS's pictures): an Operator's, and each read is recorded.
            .RequireAuthorization(ConsolePolicies.Operator).Audited("queue.read-message");

        q.MapPost("/flush", (QueueRequest request, IQueueControl queue) =>
        {
            if (Parse(request.Select, out var selection) is { } bad) return bad;
            var run = queue.Flush(selection);
            return TypedResults.Accepted($"/api/queue/flushes/{run.Id}", FlushView.Of(run));
        }).RequireAuthorization(ConsolePolicies.Operator).Audited("queue.flush");
        q.MapGet("/flushes", (IQueueControl queue) => queue.Flushes.Select(FlushView.Of));
        q.MapGet("/flushes/{id:int}", (int id, IQueueControl queue) =>
            queue.Flushes.FirstOrDefault(f => f.Id == id) is { } run ? Results.Ok(FlushView.Of(run)) : ApiResults.NotFound($"No flush {id}"));
        q.MapPost("/flushes/{id:int}/stop", (int id, IQueueControl queue) =>
        {
            if (queue.Flushes.FirstOrDefault(f => f.Id == id) is not { } run) return ApiResults.NotFound($"No flush {id}");
            run.Stop();
            return Results.Ok(FlushView.Of(run));
        }).RequireAuthorization(ConsolePolicies.Operator).Audited("queue.flush-stop");

        q.MapPost("/hold", (QueueRequest r, IQueueControl queue, CancellationToken ct) => Act(r, s => queue.HoldAsync(s, ct), wholeQueueOk: true))
            .RequireAuthorization(ConsolePolicies.Operator).Audited("queue.hold");
        q.MapPost("/release", (QueueRequest r, IQueueControl queue, CancellationToken ct) => Act(r, s => queue.ReleaseAsync(s, ct), wholeQueueOk: true))
            .RequireAuthorization(ConsolePolicies.Operator).Audited("queue.release");
        q.MapPost("/delete", (QueueRequest r, IQueueControl queue, CancellationToken ct) => Act(r, s => queue.DeleteAsync(s, ct), wholeQueueOk: false))
            .RequireAuthorization(ConsolePolicies.Operator).Audited("queue.delete");
        q.MapPost("/bounce", (QueueRequest r, IQueueControl queue, CancellationToken ct) =>
            string.IsNullOrWhiteSpace(r.Reason)
                ? Task.FromResult(ApiResults.Invalid("reason", "a reason is required: it is sent to each sender"))
                : Act(r, s => queue.BounceAsync(s, r.Reason!, ct), wholeQueueOk: false))
            .RequireAuthorization(ConsolePolicies.Operator).Audited("queue.bounce");
    }

    private static IResult? Parse(IEnumerable<string>? terms, out QueueSelection selection)
    {
        if (QueueSelection.TryParse(terms ?? [], out selection, out var error)) return null;
        return ApiResults.Invalid("select", error);
    }

    // Deleting or bouncing the whole queue takes an explicit "all": an empty selection is more often a mistake.
    private static async Task<IResult> Act(QueueRequest request, Func<QueueSelection, Task<QueueActionResult>> action, bool wholeQueueOk)
    {
        if (Parse(request.Select, out var selection) is { } bad) return bad;
        if (selection.Terms.Count == 0 && !wholeQueueOk && request.All != true)
            return ApiResults.Invalid("select", "no selection: this would apply to the whole queue; send \"all\": true if that is meant");
        var result = await action(selection);
        return Results.Ok(new { result.Recipients, result.LifetimesExtended, result.NoticesSent, Summary = result.ToString() });
    }
}

/// <summary>Select terms as sendmail's -q takes them (R, S, I, D, T; "!" negates); <see cref="Reason"/> for a bounce.</summary>
public sealed record QueueRequest(string[]? Select, string? Reason = null, bool? All = null);

public sealed record FlushView(int Id, string Selection, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string State,
    int Selected, int Attempted, int Delivered, int Deferred, int Bounced, int Withdrawn)
{
    public static FlushView Of(FlushRun r) => new(r.Id, r.Selection, r.StartedAt, r.FinishedAt, r.State.ToString(),
        r.Selected, r.Attempted, r.Delivered, r.Deferred, r.Bounced, r.Withdrawn);
}
