using System.Net;

namespace MmsConsole.Web.Security;

/// <summary>What a browser gets when the console fails: a page saying so, with the request id that the
/// gateway's log line carries (the exception handler logs the exception), and nothing of the inside.</summary>
/// <remarks>Written directly rather than by re-executing a page: a re-executed request runs routing,
/// sign-in and the page again, and when that fails too (a 404 for the error path, a broken circuit) ASP.NET
/// rethrows the original exception, which is exactly when a stack trace could reach the browser.</remarks>
public static class PlainErrorPage
{
    public static async Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "text/html; charset=utf-8";
        var id = WebUtility.HtmlEncode(context.TraceIdentifier);
        await context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Console error</title></head>
            <body style="font-family: sans-serif; margin: 3em">
            <h1>The console could not answer this request</h1>
            <p>The gateway logged the error with request id <code>{id}</code>. Mail is not affected: the relay runs on its own.</p>
            <p><a href="/">Back to the dashboard</a></p>
            </body></html>
            """);
    }
}
