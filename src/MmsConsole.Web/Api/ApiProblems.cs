using Microsoft.AspNetCore.Diagnostics;

namespace MmsConsole.Web.Api;

internal static class ApiProblems
{
    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    public static int StatusCode(Exception e) => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;

    /// <summary>A request that could not be read says why (the JSON path and the value), never a stack trace.</summary>
    public static void Describe(ProblemDetailsContext context)
    {
        var error = context.HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error ?? context.Exception;
        if (error is BadHttpRequestException bad)
        {
            context.ProblemDetails.Title = "The request could not be read";
            context.ProblemDetails.Detail = bad.InnerException is { } inner ? $"{bad.Message} {inner.Message}" : bad.Message;
        }
    }
}
