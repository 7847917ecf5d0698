using MmsGateway.Registry.Accounts;
using MmsGateway.Registry.Model;
using MmsGateway.Registry.Store;

namespace MmsConsole.Web.Actions;

/// <summary>Users and API tokens, from the Users page, the API or the command line: each the account
/// call and its audit entry. Passwords and token secrets never reach the entry.</summary>
public sealed class AccountActions(AccountStore accounts, ActionAudit audit)
{
    public async Task<RegistryResult<UserView>> CreateUserAsync(Actor by, string? name, string? password, ConsoleRole role, CancellationToken ct = default)
    {
        var result = await accounts.CreateUserAsync(name, password, role, by.Name, ct);
        await audit.RecordAsync(by, "user.create", name ?? "", new UserChange(role, null, false, result.Errors), null, result.Ok);
        return result;
    }

    public async Task<RegistryResult<UserView>> UpdateUserAsync(Actor by, int id, string? password, ConsoleRole? role, bool? disabled, CancellationToken ct = default)
    {
        var before = (await accounts.UsersAsync(ct)).FirstOrDefault(u => u.Id == id);
        var result = await accounts.UpdateUserAsync(id, password, role, disabled, ct);
        await audit.RecordAsync(by, "user.update", before?.Name ?? $"user {id}",
            new UserChange(role, disabled, password is not null, result.NotFound ? NotFound : result.Errors, before?.Role), null, result.Ok);
        return result;
    }

    public async Task<bool> UnlockAsync(Actor by, int id, CancellationToken ct = default)
    {
        var before = (await accounts.UsersAsync(ct)).FirstOrDefault(u => u.Id == id);
        var unlocked = await accounts.UnlockAsync(id, ct);
        await audit.RecordAsync<object>(by, "user.unlock", before?.Name ?? $"user {id}", null, null, unlocked);
        return unlocked;
    }

    public async Task<RegistryResult<NewToken>> CreateTokenAsync(Actor by, string? name, ConsoleRole role, DateTimeOffset? expiresAt = null, CancellationToken ct = default)
    {
        var result = await accounts.CreateTokenAsync(name, role, by.Name, expiresAt, ct);
        await audit.RecordAsync(by, "token.create", name ?? "", new TokenChange(result.Value?.Token.Id, role, expiresAt, result.Errors), null, result.Ok);
        return result;
    }

    public async Task<TokenView?> RevokeTokenAsync(Actor by, int id, CancellationToken ct = default)
    {
        var revoked = await accounts.RevokeTokenAsync(id, by.Name, ct);
        await audit.RecordAsync(by, "token.revoke", revoked?.Name ?? $"token {id}", new TokenChange(id, revoked?.Role, null, null), null, revoked is not null);
        return revoked;
    }

    private static readonly IReadOnlyDictionary<string, string[]> NotFound = new Dictionary<string, string[]> { ["id"] = ["not found"] };

    private sealed record UserChange(ConsoleRole? Role, bool? Disabled, bool PasswordSet, IReadOnlyDictionary<string, string[]>? Errors,
        ConsoleRole? RoleBefore = null);

    private sealed record TokenChange(int? Id, ConsoleRole? Role, DateTimeOffset? ExpiresAt, IReadOnlyDictionary<string, string[]>? Errors);
}
