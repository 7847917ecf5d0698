using MmsGateway.Registry.Model;

namespace MmsGateway.Registry.Accounts;

public sealed record UserView(int Id, string Name, ConsoleRole Role, bool Disabled, DateTimeOffset? LockedUntil, int FailedLogins,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? LastLoginAt)
{
    internal static UserView Of(UserAccount u) => new(u.Id, u.Name, u.Role, u.Disabled, u.LockedUntil, u.FailedLogins, u.CreatedAt, u.CreatedBy, u.LastLoginAt);
}

public sealed record TokenView(int Id, string Name, ConsoleRole Role, string Prefix, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string? RevokedBy, DateTimeOffset? LastUsedAt)
{
    internal static TokenView Of(ApiToken t) => new(t.Id, t.Name, t.Role, t.Prefix, t.CreatedAt, t.CreatedBy, t.ExpiresAt, t.RevokedAt, t.RevokedBy, t.LastUsedAt);
}

/// <summary>A new token: <see cref="Secret"/> is shown once and never stored.</summary>
public sealed record NewToken(TokenView Token, string Secret);

/// <summary>Who a request or session acts as, once its password, cookie or token has checked out.</summary>
public sealed record Principal(int Id, string Name, ConsoleRole Role, string SecurityStamp, bool IsToken);

public enum LoginOutcome { Succeeded, WrongNameOrPassword, LockedOut, Disabled }

public sealed record LoginResult(LoginOutcome Outcome, Principal? Principal = null, DateTimeOffset? LockedUntil = null);

public sealed class AccountOptions
{
    /// <summary>Failed sign-ins in a row before the account is locked.</summary>
    public int MaxFailedLogins { get; set; } = 5;

    public TimeSpan LockoutTime { get; set; } = TimeSpan.FromMinutes(15);

    public int MinPasswordLength { get; set; } = 12;
}
