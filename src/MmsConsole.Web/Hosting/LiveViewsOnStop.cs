namespace MmsConsole.Web.Hosting;

/// <summary>Keeps open consoles from holding a stop for the host's whole shutdown timeout (30 s).</summary>
/// <remarks>
/// When the stop begins, SignalR closes every circuit and hub connection, and each open console reconnects
/// at once. Kestrel stops listening only after the relay has stopped (it was registered first, so it is
/// stopped last), and SignalR accepts a connection that arrives in between and keeps it until Kestrel
/// aborts it at the timeout (dotnet/aspnetcore#58947). Here such a reconnect is refused with 503, and a
/// live-view request that began just before the stop is aborted with it. The browser shows its reconnect
/// banner either way and finds the gateway again when it is back.
/// </remarks>
public static class LiveViewsOnStop
{
    public static IApplicationBuilder UseLiveViewsEndOnStop(this IApplicationBuilder app)
    {
        var stopping = app.ApplicationServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        return app.Use(async (context, next) =>
        {
            if (!IsLiveView(context.Request.Path))
            {
                await next(context).ConfigureAwait(false);
                return;
            }
            if (stopping.IsCancellationRequested)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "5";
                return;
            }
            // Runs at once if the stop began since the check above.
            await using var abort = stopping.Register(static c => ((HttpContext)c!).Abort(), context).ConfigureAwait(false);
            await next(context).ConfigureAwait(false);
        });
    }

    /// <summary>Blazor circuits and the hubs: the requests that stay open and reconnect by themselves.</summary>
    public static bool IsLiveView(PathString path) => path.StartsWithSegments("/_blazor") || path.StartsWithSegments("/hubs");
}
