using MmsGateway.Registry.Model;

namespace MmsConsole.Web.Security;

/// <summary>Authorization policy names, one per role: "Operator" admits Operators and Admins.</summary>
public static class ConsolePolicies
{
    public const string Viewer = nameof(ConsoleRole.Viewer), Operator = nameof(ConsoleRole.Operator), Admin = nameof(ConsoleRole.Admin);
}
