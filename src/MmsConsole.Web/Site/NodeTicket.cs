using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection;
using MmsConsole.Web.Security;
using MmsGateway.Registry.Accounts;
using MmsGateway.Registry.Model;

namespace MmsConsole.Web.Site;

/// <summary>The node credential of a site: when the console on one node asks another node (a queue page merged
/// over the site, a hold on a message the other node holds), it sends who asked, sealed for a minute with the
/// site's shared key ring. The other node acts as that user, so its audit trail names the engineer, not a
/// machine account; nothing is stored, and a node outside the site (another key ring) cannot make one.</summary>
public sealed class NodeTicket(IDataProtectionProvider protection)
{
    public const string Header = "X-Mm4-Node-Ticket", SourceType = "mm4:source", ViaNodeType = "mm4:via-node";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("MmsConsole.NodeTicket.v1").ToTimeLimitedDataProtector();

    /// <summary>A ticket for <paramref name="user"/>, asked from <paramref name="source"/> through node <paramref name="node"/>.</summary>
    public string For(ClaimsPrincipal user, string source, string node)
    {
        var fields = new[]
        {
            user.Identity?.Name ?? "?", (ConsoleClaims.Role(user) ?? ConsoleRole.Viewer).ToString(),
            user.FindFirst(ConsoleClaims.IdType)?.Value ?? "0", user.FindFirst(ConsoleClaims.StampType)?.Value ?? "", source, node,
        };
        return _protector.Protect(string.Join('\n', fields.Select(f => f.Replace('\n', ' '))), Lifetime);
    }

    /// <summary>The user a ticket names, or null for one that is forged, from another site, or expired.</summary>
    public ClaimsPrincipal? Read(string ticket, string scheme)
    {
        string text;
        try { text = _protector.Unprotect(ticket); }
        catch (System.Security.Cryptography.CryptographicException) { return null; }
        var f = text.Split('\n');
        if (f.Length != 6 || !Enum.TryParse<ConsoleRole>(f[1], out var role) || !int.TryParse(f[2], CultureInfo.InvariantCulture, out var id)) return null;
        var principal = ConsoleClaims.For(new Principal(id, f[0], role, f[3], IsToken: f[0].StartsWith("token:", StringComparison.Ordinal)), scheme);
        ((ClaimsIdentity)principal.Identity!).AddClaims([new Claim(SourceType, f[4]), new Claim(ViaNodeType, f[5])]);
        return principal;
    }
}
