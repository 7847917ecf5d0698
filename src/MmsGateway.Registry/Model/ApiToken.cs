namespace MmsGateway.Registry.Model;

/// <summary>A bearer token for scripts (mm4ctl, Prometheus). Only its SHA-256 is stored: the secret
/// is shown once, when it is made.</summary>
public sealed class ApiToken
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public ConsoleRole Role { get; set; }

    /// <summary>Hex SHA-256 of the secret. A token is 256 random bits, so a fast hash is enough
    /// (unlike a password, it cannot be guessed from a dictionary).</summary>
    public required string Hash { get; set; }

    /// <summary>The secret's first characters, so that a listing can say which token is which.</summary>
    public required string Prefix { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}
