namespace MmsGateway.Registry.Model;

/// <summary>One key of the console's ASP.NET Data Protection ring, as the XML element the key manager
/// wrote. Kept with the registry so that every node of a site signs and reads the same cookies and
/// antiforgery tokens (issue 15). The registry stays ASP.NET-free: the web host owns the format.</summary>
public sealed class ProtectionKey
{
    public int Id { get; set; }

    public string? FriendlyName { get; set; }

    public required string Xml { get; set; }
}
