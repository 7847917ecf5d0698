using MmsConsole.Web.Mm4;
using MmsGateway.Registry.Ledger;
using MmsGateway.Relay.Control;
using MmsGateway.Relay.Mail;
using MmsGateway.Relay.Mm4;

namespace MmsConsole.Web.Api;

/// <summary>The MM4 ledger for scripts (mm4ctl ledger, mm4ctl mm4 summary): per-operator summary, search, one transaction's chain.</summary>
internal static class Mm4Endpoints
{
    // The ledger's database gone or locked is the environment, not a bug: a 503 that says so (mail flows regardless).
    private static async Task<IResult> Read(Func<Task<IResult>> query)
    {
        try { return await query(); }
        catch (Exception e) when (LedgerQueries.IsUnavailable(e))
        {
            return TypedResults.Problem($"The MM4 ledger cannot be read now: {e.GetBaseException().Message}. Mail is not affected.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "MM4 ledger unavailable");
        }
    }

    public static void MapMm4Api(this IEndpointRouteBuilder api)
    {
        var m = api.MapGroup("/mm4").WithTags("MM4");
        m.MapGet("/summary", (int? hours, LedgerQueries ledger, Mm4Watch watch, TimeProvider clock, CancellationToken ct) => Read(async () =>
        {
            if (hours is < 1 or > 24 * 31) return ApiResults.Invalid("hours", "between 1 and 744");
            var now = clock.GetUtcNow();
            var since = now.AddHours(-(hours ?? 1));
            return Results.Ok(new { Since = since, Operators = await ledger.SummaryAsync(since, now, ct), Verdicts = watch.All.OrderBy(v => v.Partner) });
        })).WithSummary("Per operator and direction over the last hours (default 1): forwards sent, answered, missing, late, unmatched, " +
            "RES latency p50/p95, status mix, delivery-report rate, lint findings by rule; and each partner's verdict over the alert window");
        m.MapGet("/ledger", ([AsParameters] LedgerSearch search, string? cursor, int? take, LedgerQueries ledger, CancellationToken ct) => Read(async () =>
        {
            if (!search.TryParse(out var query, out var field, out var error)) return ApiResults.Invalid(field, error);
            if (take is < 1 or > LedgerQueries.MaxPage) return ApiResults.Invalid("take", $"between 1 and {LedgerQueries.MaxPage}");
            LedgerCursor? before = null;
            if (cursor is not null)
            {
                if (!LedgerCursor.TryParse(cursor, out var c)) return ApiResults.Invalid("cursor", "the next of the previous page");
                before = c;
            }
            var rows = await ledger.SearchAsync(query, take ?? 100, before, ct);
            return Results.Ok(new { Entries = rows.Select(LedgerEntry.From), Next = rows.Count == (take ?? 100) ? LedgerCursor.After(rows[^1]).ToString() : null });
        })).WithSummary("Ledger rows, newest first: msisdn (sender or recipient: +45…, 0045…, digits), sender, recipient, transactionId, messageId, " +
            "queueId, type (X-Mms-Message-Type or forward|delivery_report|read_reply_report), operator, direction, state, lint=true, from/to (UTC), " +
            "cursor (the previous page's next), take (1-500)");
        m.MapGet("/ledger/{id:long}", (long id, LedgerQueries ledger, CancellationToken ct) => Read(async () =>
        {
            if (await ledger.FindAsync(id, ct) is not { } row) return ApiResults.NotFound($"No ledger row {id}");
            var chain = await ledger.ForMessageAsync(row.QueueId, row.TransactionId, row.MessageId, ct);
            return Results.Ok(new { Entry = LedgerEntry.From(row), Related = chain.Where(r => r.Id != id).Select(LedgerEntry.From) });
        })).WithSummary("One transaction and the rows related to it (its delivery report, a RES kept unmatched, resends)");
        api.MapGet("/queue/{id}/mm4", (string id, IQueueControl queue, LedgerQueries ledger, CancellationToken ct) => Read(async () =>
        {
            // A queued RES or report is found through its MM4 ids (its REQ's row holds it); one that left, by its queue id.
            Mm4Message? mm4 = null;
            await using (var stream = queue.OpenMessage(id))
                if (stream is not null) mm4 = Mm4Classifier.Classify(await SpooledHeaders.ReadAsync(stream, cancellationToken: ct));
            var rows = await ledger.ForMessageAsync(id, mm4?.TransactionId, mm4?.MessageId, ct);
            return Results.Ok(rows.Where(r => !r.IsResponse || r.QueueId == id).Select(LedgerEntry.From));
        })).WithTags("Queue").WithSummary("The MM4 transactions a message (queued, or by the queue id it had) is the REQ, RES or delivery report of");
    }
}
