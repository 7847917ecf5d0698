using MmsConsole.Web.Actions;
using MmsConsole.Web.Security;
using MmsGateway.Relay.Capture;
using MmsGateway.Relay.Control;

namespace MmsConsole.Web.Api;

/// <summary>Traffic capture (the seed's sendmail -X), always time-boxed.</summary>
internal static class CaptureEndpoints
{
    public static void MapCaptureApi(this IEndpointRouteBuilder api)
    {
        var c = api.MapGroup("/captures").WithTags("Traffic capture");
        c.MapGet("/", (ICaptureControl captures) => captures.List());
        c.MapPost("/", async (CaptureRequest r, HttpContext http, CaptureActions a, ActionAudit audit) =>
        {
            if (r.Minutes is <= 0)
            {
                await audit.RefusedAsync(Actor.Of(http), "capture.start", $"{r.Kind} {r.Peer}", "minutes: more than zero", r.Reason);
                return ApiResults.Invalid("minutes", "more than zero");
            }
            try
            {
                var info = await a.StartAsync(Actor.Of(http), r.Kind, r.Peer ?? "", r.Minutes is { } m ? TimeSpan.FromMinutes(m) : null, r.Reason);
                return TypedResults.Created($"/api/captures/{info.Id}", info);
            }
            catch (ArgumentException e)
            {
                return ApiResults.Invalid(e.ParamName == "duration" ? "minutes" : "peer", e.Message);
            }
        }).RequireAuthorization(ConsolePolicies.Operator).Audited("capture.start");
        c.MapDelete("/{id:int}", async (int id, HttpContext http, CaptureActions a) =>
            await a.StopAsync(Actor.Of(http), id) ? Results.NoContent() : ApiResults.NotFound($"No running capture {id}"))
            .RequireAuthorization(ConsolePolicies.Operator).Audited("capture.stop");
        c.MapGet("/{id:int}/{name}", async (int id, string name, HttpContext http, CaptureActions a) =>
            await a.OpenTranscriptAsync(Actor.Of(http), id, name) is { } s ? Results.Stream(s, "text/plain; charset=utf-8") : ApiResults.NotFound($"No transcript {name}"))
            // Transcripts hold message contents: an Operator's, and each read is recorded.
            .RequireAuthorization(ConsolePolicies.Operator).Audited("capture.read");
    }
}

/// <summary>Capture the SMTP dialogue with one client address (Client) or destination domain (Destination).</summary>
public sealed record CaptureRequest(CaptureKind Kind, string? Peer, double? Minutes = null, string? Reason = null);
