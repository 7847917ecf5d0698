namespace MmsGateway.Registry.Model;

/// <summary>Who may use the console. Kept in the registry database so that two gateways sharing one
/// registry (PostgreSQL, later) share their users and their audit trail too.</summary>
public sealed class UserAccount
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public ConsoleRole Role { get; set; }

    /// <summary>PBKDF2 (<see cref="Accounts.PasswordHash"/>); never the password.</summary>
    public required string PasswordHash { get; set; }

    /// <summary>Changes whenever the password, role or enabled state changes: a signed-in session
    /// carrying an older stamp is signed out at its next request.</summary>
    public required string SecurityStamp { get; set; }

    public int FailedLogins { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public bool Disabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset? LastLoginAt { get; set; }
}
