using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MmsGateway.Registry.Accounts;
using MmsGateway.Registry.Database;
using MmsGateway.Registry.Model;

namespace MmsGateway.Registry.Tests.Accounts;

/// <summary>Users and tokens on a real SQLite file: hashes, lockout, stamps, revocation.</summary>
public abstract class AccountStoreTests(RegistryProvider provider) : IDisposable
{
    private const string Password = "correct horse battery";
    private RegistryHarness _h = null!;

    private async Task<AccountStore> Start()
    {
        _h = await RegistryHarness.StartAsync(provider);
        return new AccountStore(_h.Factory, Options.Create(new AccountOptions { MaxFailedLogins = 3, LockoutTime = TimeSpan.FromMinutes(15) }), _h.Clock);
    }

    [Fact]
    public async Task A_password_is_stored_as_a_salted_hash_and_checks_out_only_when_right()
    {
        var accounts = await Start();
        await accounts.CreateUserAsync("anna", Password, ConsoleRole.Operator, "test");

        await using var db = await _h.Factory.CreateDbContextAsync();
        var stored = (await db.Users.SingleAsync()).PasswordHash;
        Assert.DoesNotContain(Password, stored);
        Assert.StartsWith("pbkdf2-sha512$100000$", stored);
        Assert.NotEqual(stored, PasswordHash.Create(Password));
        Assert.Equal(LoginOutcome.Succeeded, (await accounts.SignInAsync("anna", Password)).Outcome);
        Assert.Equal(LoginOutcome.WrongNameOrPassword, (await accounts.SignInAsync("anna", Password + "x")).Outcome);
        Assert.Equal(LoginOutcome.WrongNameOrPassword, (await accounts.SignInAsync("bob", Password)).Outcome);
    }

    [Fact]
    public async Task Repeated_failures_lock_the_account_even_against_the_right_password_until_the_lock_ends()
    {
        var accounts = await Start();
        await accounts.CreateUserAsync("anna", Password, ConsoleRole.Admin, "test");

        Assert.Equal(LoginOutcome.WrongNameOrPassword, (await accounts.SignInAsync("anna", "guess-1")).Outcome);
        Assert.Equal(LoginOutcome.WrongNameOrPassword, (await accounts.SignInAsync("anna", "guess-2")).Outcome);
        var third = await accounts.SignInAsync("anna", "guess-3");

        Assert.Equal(LoginOutcome.LockedOut, third.Outcome);
        Assert.Equal(_h.Clock.GetUtcNow().AddMinutes(15), third.LockedUntil);
        Assert.Equal(LoginOutcome.LockedOut, (await accounts.SignInAsync("anna", Password)).Outcome);
        _h.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(LoginOutcome.Succeeded, (await accounts.SignInAsync("anna", Password)).Outcome);
    }

    [Fact]
    public async Task An_admin_can_unlock_a_locked_account_at_once()
    {
        var accounts = await Start();
        var anna = (await accounts.CreateUserAsync("anna", Password, ConsoleRole.Viewer, "test")).Value!;
        for (var i = 0; i < 3; i++) await accounts.SignInAsync("anna", "wrong");

        Assert.True(await accounts.UnlockAsync(anna.Id));

        Assert.Equal(LoginOutcome.Succeeded, (await accounts.SignInAsync("anna", Password)).Outcome);
    }

    [Fact]
    public async Task A_new_password_a_new_role_or_disabling_ends_existing_sessions()
    {
        var accounts = await Start();
        await accounts.CreateUserAsync("admin", Password, ConsoleRole.Admin, "test");
        await accounts.CreateUserAsync("anna", Password, ConsoleRole.Operator, "test");
        var session = (await accounts.SignInAsync("anna", Password)).Principal!;
        Assert.NotNull(await accounts.ValidateSessionAsync(session.Id, session.SecurityStamp));

        await accounts.UpdateUserAsync(session.Id, null, ConsoleRole.Viewer, null);

        Assert.Null(await accounts.ValidateSessionAsync(session.Id, session.SecurityStamp));
        var again = (await accounts.SignInAsync("anna", Password)).Principal!;
        Assert.Equal(ConsoleRole.Viewer, again.Role);
        await accounts.UpdateUserAsync(again.Id, null, null, disabled: true);
        Assert.Null(await accounts.ValidateSessionAsync(again.Id, again.SecurityStamp));
        Assert.Equal(LoginOutcome.Disabled, (await accounts.SignInAsync("anna", Password)).Outcome);
    }

    [Fact]
    public async Task Weak_passwords_bad_names_duplicates_and_losing_the_last_admin_are_refused_by_field()
    {
        var accounts = await Start();
        var admin = (await accounts.CreateUserAsync("admin", Password, ConsoleRole.Admin, "test")).Value!;

        var weak = await accounts.CreateUserAsync("bob", "short", ConsoleRole.Viewer, "test");
        var badName = await accounts.CreateUserAsync("bob smith", Password, ConsoleRole.Viewer, "test");
        var duplicate = await accounts.CreateUserAsync("admin", Password, ConsoleRole.Viewer, "test");
        var demote = await accounts.UpdateUserAsync(admin.Id, null, ConsoleRole.Operator, null);

        Assert.Equal(["at least 12 characters"], weak.Errors!["password"]);
        Assert.True(badName.Errors!.ContainsKey("name"));
        Assert.Equal(["a user named admin exists already"], duplicate.Errors!["name"]);
        Assert.Equal(["this is the last enabled admin"], demote.Errors!["role"]);
    }

    [Fact]
    public async Task A_token_is_stored_as_a_hash_works_until_revoked_or_expired()
    {
        var accounts = await Start();
        var made = (await accounts.CreateTokenAsync("mm4ctl", ConsoleRole.Operator, "admin")).Value!;
        var expiring = (await accounts.CreateTokenAsync("temp", ConsoleRole.Viewer, "admin", _h.Clock.GetUtcNow().AddHours(1))).Value!;

        await using (var db = await _h.Factory.CreateDbContextAsync())
            Assert.DoesNotContain(await db.ApiTokens.Select(t => t.Hash).ToListAsync(), h => h.Contains(made.Secret));
        var principal = await accounts.AuthenticateTokenAsync(made.Secret);
        Assert.Equal(("token:mm4ctl", ConsoleRole.Operator), (principal!.Name, principal.Role));
        Assert.Null(await accounts.AuthenticateTokenAsync(made.Secret + "x"));

        await accounts.RevokeTokenAsync(made.Token.Id, "admin");
        _h.Clock.Advance(TimeSpan.FromHours(2));

        Assert.Null(await accounts.AuthenticateTokenAsync(made.Secret));
        Assert.Null(await accounts.AuthenticateTokenAsync(expiring.Secret));
        Assert.Equal("admin", (await accounts.TokensAsync()).Single(t => t.Id == made.Token.Id).RevokedBy);
    }

    public void Dispose() => _h?.Dispose();
}

public sealed class AccountStoreOnSqlite() : AccountStoreTests(RegistryProvider.Sqlite);

public sealed class AccountStoreOnPostgres() : AccountStoreTests(RegistryProvider.Postgres);
