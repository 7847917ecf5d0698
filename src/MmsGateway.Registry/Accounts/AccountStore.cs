using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MmsGateway.Registry.Model;
using MmsGateway.Registry.Store;

namespace MmsGateway.Registry.Accounts;

/// <summary>Console users (hashed passwords, lockout after failed sign-ins) and API tokens (stored
/// as hashes, revocable). Exposure: sign-in forms and bearer headers from the network pass through
/// here; nothing that comes back carries a password or a token secret, except the new token once.</summary>
public sealed partial class AccountStore(IDbContextFactory<RegistryDbContext> factory, IOptions<AccountOptions> options, TimeProvider clock)
{
    public const string TokenPrefix = "mm4_";

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")]
    private static partial Regex NamePattern();

    public async Task<bool> AnyUserAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        return await db.Users.AnyAsync(ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<UserView>> UsersAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var users = await db.Users.AsNoTracking().ToListAsync(ct).ConfigureAwait(false);
        return users.OrderBy(u => u.Name, StringComparer.OrdinalIgnoreCase).Select(UserView.Of).ToList();
    }

    public async Task<RegistryResult<UserView>> CreateUserAsync(string? name, string? password, ConsoleRole role, string by, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var v = new RegistryValidator();
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || !NamePattern().IsMatch(name))
            v.Error("name", "1 to 64 letters, digits and . _ @ - (starting with a letter or digit)");
        else if (await db.Users.AnyAsync(u => u.Name == name, ct).ConfigureAwait(false))
            v.Error("name", $"a user named {name} exists already");
        CheckPassword(v, password);
        if (!Enum.IsDefined(role)) v.Error("role", "Viewer, Operator or Admin");
        if (v.HasErrors) return new(null, v.Errors, v.Warnings);

        var user = new UserAccount
        {
            Name = name!, Role = role, PasswordHash = PasswordHash.Create(password!), SecurityStamp = NewStamp(),
            CreatedAt = clock.GetUtcNow(), CreatedBy = by,
        };
        db.Users.Add(user);
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        return new(UserView.Of(user), null, []);
    }

    /// <summary>Changes any of password, role and enabled state; each change signs the user out everywhere.</summary>
    public async Task<RegistryResult<UserView>> UpdateUserAsync(int id, string? password, ConsoleRole? role, bool? disabled, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var user = await db.Users.FindAsync([id], ct).ConfigureAwait(false);
        if (user is null) return RegistryResult<UserView>.Missing;
        var v = new RegistryValidator();
        if (password is not null) CheckPassword(v, password);
        if (role is { } r && !Enum.IsDefined(r)) v.Error("role", "Viewer, Operator or Admin");
        // The last enabled admin cannot demote or disable itself away: nobody could manage users then.
        var losesAdmin = user.Role == ConsoleRole.Admin && !user.Disabled && (role is { } nr && nr != ConsoleRole.Admin || disabled == true);
        if (losesAdmin && !await db.Users.AnyAsync(u => u.Id != id && u.Role == ConsoleRole.Admin && !u.Disabled, ct).ConfigureAwait(false))
            v.Error(role is not null ? "role" : "disabled", "this is the last enabled admin");
        if (v.HasErrors) return new(null, v.Errors, v.Warnings);

        if (password is not null)
        {
            user.PasswordHash = PasswordHash.Create(password);
            user.FailedLogins = 0;
            user.LockedUntil = null;
        }
        if (role is not null) user.Role = role.Value;
        if (disabled is not null) user.Disabled = disabled.Value;
        user.SecurityStamp = NewStamp();
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        return new(UserView.Of(user), null, []);
    }

    public async Task<bool> UnlockAsync(int id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var user = await db.Users.FindAsync([id], ct).ConfigureAwait(false);
        if (user is null) return false;
        user.FailedLogins = 0;
        user.LockedUntil = null;
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Checks a sign-in. A locked account is refused without looking at the password, so that
    /// guessing on goes nowhere; the lock ends by itself after <see cref="AccountOptions.LockoutTime"/>.</summary>
    public async Task<LoginResult> SignInAsync(string? name, string? password, CancellationToken ct = default)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var user = string.IsNullOrWhiteSpace(name) ? null : await db.Users.FirstOrDefaultAsync(u => u.Name == name.Trim(), ct).ConfigureAwait(false);
        if (user is null)
        {
            // The same work as a real check, so that timing does not tell which names exist.
            PasswordHash.Verify(password ?? "", DummyHash.Value);
            return new(LoginOutcome.WrongNameOrPassword);
        }
        if (user.LockedUntil is { } until && until > now) return new(LoginOutcome.LockedOut, LockedUntil: until);
        if (!PasswordHash.Verify(password ?? "", user.PasswordHash))
        {
            user.FailedLogins++;
            if (user.FailedLogins >= o.MaxFailedLogins)
            {
                user.LockedUntil = now + o.LockoutTime;
                user.FailedLogins = 0;
            }
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            return user.LockedUntil > now ? new(LoginOutcome.LockedOut, LockedUntil: user.LockedUntil) : new(LoginOutcome.WrongNameOrPassword);
        }
        if (user.Disabled) return new(LoginOutcome.Disabled);
        user.FailedLogins = 0;
        user.LockedUntil = null;
        user.LastLoginAt = now;
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        return new(LoginOutcome.Succeeded, new Principal(user.Id, user.Name, user.Role, user.SecurityStamp, IsToken: false));
    }

    /// <summary>The user behind a session, if it still exists, is enabled and has the stamp it signed in with.</summary>
    public async Task<Principal?> ValidateSessionAsync(int id, string stamp, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct).ConfigureAwait(false);
        return user is null || user.Disabled || user.SecurityStamp != stamp ? null : new Principal(user.Id, user.Name, user.Role, user.SecurityStamp, false);
    }

    public async Task<IReadOnlyList<TokenView>> TokensAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var tokens = await db.ApiTokens.AsNoTracking().ToListAsync(ct).ConfigureAwait(false);
        return tokens.OrderBy(t => t.Id).Select(TokenView.Of).ToList();
    }

    public async Task<RegistryResult<NewToken>> CreateTokenAsync(string? name, ConsoleRole role, string by, DateTimeOffset? expiresAt = null, CancellationToken ct = default)
    {
        var v = new RegistryValidator();
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || !NamePattern().IsMatch(name)) v.Error("name", "1 to 64 letters, digits and . _ @ - (e.g. prometheus, mm4ctl-anna)");
        if (!Enum.IsDefined(role)) v.Error("role", "Viewer, Operator or Admin");
        if (expiresAt is { } e && e <= clock.GetUtcNow()) v.Error("expiresAt", "must be in the future");
        if (v.HasErrors) return new(null, v.Errors, v.Warnings);

        var secret = TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var token = new ApiToken
        {
            Name = name!, Role = role, Hash = Hash(secret), Prefix = secret[..(TokenPrefix.Length + 6)], CreatedAt = clock.GetUtcNow(),
            CreatedBy = by, ExpiresAt = expiresAt,
        };
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        return new(new NewToken(TokenView.Of(token), secret), null, []);
    }

    public async Task<TokenView?> RevokeTokenAsync(int id, string by, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var token = await db.ApiTokens.FindAsync([id], ct).ConfigureAwait(false);
        if (token is null) return null;
        if (token.RevokedAt is null)
        {
            token.RevokedAt = clock.GetUtcNow();
            token.RevokedBy = by;
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }
        return TokenView.Of(token);
    }

    /// <summary>The token behind a bearer secret, if it is known, not revoked and not expired. Read
    /// on every request: a revocation takes effect at the next one.</summary>
    public async Task<Principal?> AuthenticateTokenAsync(string secret, CancellationToken ct = default)
    {
        if (!secret.StartsWith(TokenPrefix, StringComparison.Ordinal) || secret.Length > 100) return null;
        var hash = Hash(secret);
        var now = clock.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Hash == hash, ct).ConfigureAwait(false);
        if (token is null || token.RevokedAt is not null || token.ExpiresAt <= now) return null;
        // Last use to the minute: a write per request would make every scrape a database commit.
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
        }
        return new Principal(token.Id, "token:" + token.Name, token.Role, "", IsToken: true);
    }

    private void CheckPassword(RegistryValidator v, string? password)
    {
        var min = options.Value.MinPasswordLength;
        if (string.IsNullOrEmpty(password) || password.Length < min) v.Error("password", $"at least {min} characters");
        else if (password.Length > 1024) v.Error("password", "at most 1024 characters");
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static readonly Lazy<string> DummyHash = new(() => PasswordHash.Create(Guid.NewGuid().ToString()));
}
