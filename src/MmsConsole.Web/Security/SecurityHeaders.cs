namespace MmsConsole.Web.Security;

/// <summary>The response headers every answer carries: no MIME sniffing, no framing (clickjacking of
/// the mark-down buttons), no referrer leaving the console, and a Content-Security-Policy that Blazor
/// Server and MudBlazor work under.</summary>
/// <remarks>Scripts only from this origin (no inline script: the import map is therefore not rendered;
/// nothing here imports fingerprinted modules by bare name). Styles allow 'unsafe-inline' because
/// MudBlazor sets style attributes on its components. connect-src 'self' covers the circuit's
/// WebSocket in current browsers. Images may be data: URIs (MudBlazor's icons, previews).</remarks>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
