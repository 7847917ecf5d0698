using MmsConsole.Web.Live;
using MmsGateway.Relay.MailLog;

namespace MmsConsole.Web.Api;

/// <summary>The mail log for scripts: the delivery log page's search (GET /api/log), newest first, paged by cursor.</summary>
internal static class LogEndpoints
{
    public static void MapLogApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/log", (string? text, string? msgid, string? @operator, string? outcome, bool? plmn, string? from, string? to, string? cursor, int? take,
            MailLogReader reader, GatewayStats stats) =>
        {
            if (!LogSearch.TryOutcomes(outcome, out var outcomes, out var error)) return ApiResults.Invalid("outcome", error);
            if (!LogSearch.TryTime(from, out var since)) return ApiResults.Invalid("from", "a UTC time such as 2026-12-02T03:00:00Z");
            if (!LogSearch.TryTime(to, out var until)) return ApiResults.Invalid("to", "a UTC time such as 2026-12-02T03:00:00Z");
            if (take is < 1 or > 1000) return ApiResults.Invalid("take", "between 1 and 1000");
            IReadOnlySet<string>? domains = null;
            if (!string.IsNullOrWhiteSpace(@operator))
            {
                var op = stats.Current.Operators.FirstOrDefault(o => o.Name.Equals(@operator, StringComparison.OrdinalIgnoreCase)
                    || o.Domains.Contains(@operator, StringComparer.OrdinalIgnoreCase));
                if (op is null) return ApiResults.Invalid("operator", $"no operator named '{@operator}' or with that domain");
                domains = op.Domains.Select(d => d.ToLowerInvariant()).ToHashSet();
            }
            try
            {
                var page = reader.Search(new MailLogQuery(LogSearch.Text(text), string.IsNullOrWhiteSpace(msgid) ? null : msgid.Trim(), domains, outcomes,
                    plmn ?? false, since, until), cursor, take ?? 200);
                return Results.Ok(new
                {
                    Entries = page.Entries.Select(e => new { e.At, e.QueueId, Kind = e.Kind.ToString(), e.Address, e.Outcome, Line = e.Text }),
                    page.Next,
                    page.SearchedTo,
                });
            }
            catch (FormatException e)
            {
                return ApiResults.Invalid("cursor", e.Message);
            }
        }).WithTags("Mail log").WithSummary("Mail log lines, newest first: text (MSISDN with + or 00, queue id, address), msgid, operator, outcome " +
            "(Accepted,Sent,Deferred,Bounced | attempts | notsent), plmn, from/to (UTC), cursor (a page's next), take (1-1000)");
    }
}
