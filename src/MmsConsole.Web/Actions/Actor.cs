using MmsConsole.Web.Components.Shared;
using MmsConsole.Web.Site;

namespace MmsConsole.Web.Actions;

/// <summary>Who does an action, from where, and through what: the audit trail's user and source, and
/// "via" (the API request line, "console" or "cli").</summary>
public sealed record Actor(string Name, string Source, string Via)
{
    /// <summary>A request asked on another node of the site carries its original source and that node in its ticket.</summary>
    public static Actor Of(HttpContext http) => new(
        http.User.Identity?.Name ?? "?",
        http.User.FindFirst(NodeTicket.SourceType)?.Value ?? http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
        $"{http.Request.Method} {http.Request.Path}" + (http.User.FindFirst(NodeTicket.ViaNodeType)?.Value is { } node ? $" (via {node})" : ""));

    public static Actor Of(ConsoleUser user) => new(user.Name, user.Source, "console");

    public static Actor Cli() => new("cli", $"cli ({Environment.UserName}@{Environment.MachineName})", "cli");
}
