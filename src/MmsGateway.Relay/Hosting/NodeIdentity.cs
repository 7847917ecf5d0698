using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace MmsGateway.Relay.Hosting;

/// <summary>This gateway's name among the nodes of a site (<c>Gateway:Node:Name</c>, by default the host name, as
/// mm4gw1 and mm4gw2 in the seed): in the shared registry's node list and audit trail, and in its metrics.</summary>
public sealed partial record NodeIdentity(string Name)
{
    public const string Setting = "Gateway:Node:Name";

    public static NodeIdentity From(IConfiguration configuration)
    {
        var name = configuration[Setting] is { Length: > 0 } configured ? configured.Trim() : Environment.MachineName.ToLowerInvariant();
        return ValidName().IsMatch(name) ? new NodeIdentity(name)
            : throw new InvalidOperationException($"{Setting} '{name}' must be 1-64 letters, digits, '.', '_' or '-'");
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ValidName();
}
