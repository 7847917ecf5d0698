using MmsConsole.Web.Components.Shared;

namespace MmsConsole.Web.Actions;

/// <summary>Who does an action, from where, and through what: the audit trail's user and source, and
/// "via" (the API request line, "console" or "cli").</summary>
public sealed record Actor(string Name, string Source, string Via)
{
    public static Actor Of(HttpContext http) => new(
        http.User.Identity?.Name ?? "?",
        http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
        $"{http.Request.Method} {http.Request.Path}");

    public static Actor Of(ConsoleUser user) => new(user.Name, user.Source, "console");

    public static Actor Cli() => new("cli", $"cli ({Environment.UserName}@{Environment.MachineName})", "cli");
}
