using System.Security.Claims;
using MmsGateway.Registry.Accounts;
using MmsGateway.Registry.Model;

namespace MmsConsole.Web.Security;

/// <summary>How a <see cref="Principal"/> travels in a cookie or a request: name, role, id and stamp.
/// The role claim holds the role itself and every role it includes, so that
/// <c>[Authorize(Roles = "Operator")]</c> also admits an Admin.</summary>
public static class ConsoleClaims
{
    public const string IdType = "mm4:id", StampType = "mm4:stamp";

    public static ClaimsPrincipal For(Principal p, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, p.Name),
            new(IdType, p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(StampType, p.SecurityStamp),
        };
        foreach (var role in Enum.GetValues<ConsoleRole>().Where(r => r <= p.Role)) claims.Add(new Claim(ClaimTypes.Role, role.ToString()));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The highest role the principal holds, or null when it is not signed in.</summary>
    public static ConsoleRole? Role(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated != true ? null
        : Enum.GetValues<ConsoleRole>().Where(r => user.IsInRole(r.ToString())).Select(r => (ConsoleRole?)r).Max() ?? ConsoleRole.Viewer;
}
