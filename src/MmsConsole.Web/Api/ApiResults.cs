using MmsGateway.Registry.Store;

namespace MmsConsole.Web.Api;

/// <summary>Every error is an RFC 7807 problem: a validation problem names the fields, so that the
/// console and scripts can show the message beside what to fix.</summary>
internal static class ApiResults
{
    public static IResult From<T>(RegistryResult<T> result, Func<T, IResult>? ok = null)
    {
        if (result.NotFound) return NotFound("No such record");
        if (result.Errors is not null)
            return TypedResults.ValidationProblem(result.Errors, title: "The change was refused; nothing was saved",
                extensions: Warnings(result.Warnings));
        return ok is null ? TypedResults.Ok(new Saved<T>(result.Value!, result.Warnings)) : ok(result.Value!);
    }

    /// <summary>Another node of the site, asked on the caller's behalf, did not do it.</summary>
    public static IResult PeerFailed(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status502BadGateway, title: "Node did not answer");

    public static IResult NotFound(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request was refused");

    private static Dictionary<string, object?>? Warnings(IReadOnlyList<string> warnings) =>
        warnings.Count == 0 ? null : new() { ["warnings"] = warnings };
}

/// <summary>A saved record with what the NOC should know about it (e.g. a domain of an unusual form).</summary>
public sealed record Saved<T>(T Value, IReadOnlyList<string> Warnings);
