using Microsoft.Extensions.Options;
using MmsGateway.Registry.Accounts;
using MmsConsole.Web.Actions;
using MmsGateway.Registry.Audit;
using MmsGateway.Registry.Model;
using MmsGateway.Registry.Store;

namespace MmsConsole.Web.Cli;

/// <summary>The one-time setup step and the admin's way in when nobody can sign in, on the gateway's
/// machine (whoever can run this can read the database anyway):
/// <c>user add NAME --role Admin</c> (password from standard input or --password-file), <c>user list</c>,
/// <c>user unlock NAME</c>, <c>user passwd NAME</c>, <c>token add NAME --role Operator [--days N]</c>
/// (prints the secret once), <c>token list</c>, <c>token revoke ID</c>. Each change is audited as "cli".</summary>
internal static class AccountCommand
{
    private const string Usage = """
        usage: user add NAME --role Viewer|Operator|Admin [--password-file FILE]   (else the password is read from standard input)
               user list | user unlock NAME | user passwd NAME [--password-file FILE]
               token add NAME --role Viewer|Operator|Admin [--days N] | token list | token revoke ID
        """;

    public static bool Matches(string[] args) => CliVerb.At(args, "user", "token") >= 0;

    public static async Task<int> RunAsync(string[] args)
    {
        args = CliVerb.VerbFirst(args, CliVerb.At(args, "user", "token"));
        var words = new List<string>();
        var rest = new List<string>();
        string? role = null, passwordFile = null, days = null;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--role" when i + 1 < args.Length: role = args[++i]; break;
                case "--password-file" when i + 1 < args.Length: passwordFile = args[++i]; break;
                case "--days" when i + 1 < args.Length: days = args[++i]; break;
                case var a when a.StartsWith("--", StringComparison.Ordinal): rest.Add(a); if (i + 1 < args.Length) rest.Add(args[++i]); break;
                default: words.Add(args[i]); break;
            }
        }
        var sub = words.FirstOrDefault();
        var name = words.ElementAtOrDefault(1);
        ConsoleRole parsedRole = ConsoleRole.Viewer;
        if (role is not null && !Enum.TryParse(role, ignoreCase: true, out parsedRole))
            return await FailAsync($"--role: '{role}' is not Viewer, Operator or Admin");
        if (sub is null || (sub is not "list" && name is null)) return await FailAsync(Usage);

        var factory = await CliVerb.OpenRegistryAsync(rest);
        var accounts = new AccountStore(factory, Options.Create(new AccountOptions()), TimeProvider.System);
        // Changes go through the same actions as the console's, so the trail records them the same way.
        var actions = new AccountActions(accounts, new ActionAudit(new AuditLog(factory, TimeProvider.System)));
        var cli = Actor.Cli();

        switch (args[0], sub)
        {
            case ("user", "list"):
                foreach (var u in await accounts.UsersAsync())
                    Console.WriteLine($"{u.Name,-24} {u.Role,-9} {(u.Disabled ? "disabled" : u.LockedUntil > DateTimeOffset.UtcNow ? $"locked until {u.LockedUntil:u}" : "active")}");
                return 0;
            case ("user", "add"):
            {
                if (role is null) return await FailAsync("user add: --role Viewer|Operator|Admin is required");
                var password = await PasswordAsync(passwordFile);
                var result = await actions.CreateUserAsync(cli, name, password, parsedRole);
                if (!result.Ok) return await FailAsync(Errors(result));
                Console.WriteLine($"{name} can sign in as {parsedRole}");
                return 0;
            }
            case ("user", "passwd" or "unlock"):
            {
                var user = (await accounts.UsersAsync()).FirstOrDefault(u => u.Name == name);
                if (user is null) return await FailAsync($"no user {name}");
                if (sub == "unlock")
                {
                    await actions.UnlockAsync(cli, user.Id);
                    Console.WriteLine($"{name} unlocked");
                    return 0;
                }
                var result = await actions.UpdateUserAsync(cli, user.Id, await PasswordAsync(passwordFile), null, null);
                if (!result.Ok) return await FailAsync(Errors(result));
                Console.WriteLine($"{name}: password set; signed out everywhere");
                return 0;
            }
            case ("token", "list"):
                foreach (var t in await accounts.TokensAsync())
                    Console.WriteLine($"{t.Id,4} {t.Name,-24} {t.Role,-9} {t.Prefix}… {(t.RevokedAt is { } r ? $"revoked {r:u}" : "active")}");
                return 0;
            case ("token", "add"):
            {
                if (role is null) return await FailAsync("token add: --role Viewer|Operator|Admin is required");
                DateTimeOffset? expires = null;
                if (days is not null)
                {
                    if (!double.TryParse(days, System.Globalization.CultureInfo.InvariantCulture, out var d) || d <= 0) return await FailAsync("--days: a positive number");
                    expires = DateTimeOffset.UtcNow.AddDays(d);
                }
                var result = await actions.CreateTokenAsync(cli, name, parsedRole, expires);
                if (!result.Ok) return await FailAsync(Errors(result));
                // The secret alone on standard output, so that a script can capture it.
                Console.WriteLine(result.Value!.Secret);
                return 0;
            }
            case ("token", "revoke"):
            {
                if (!int.TryParse(name, out var id)) return await FailAsync("token revoke ID (a number, see token list)");
                if (await actions.RevokeTokenAsync(cli, id) is not { } t) return await FailAsync($"no token {id}");
                Console.WriteLine($"token {id} ({t.Name}) revoked");
                return 0;
            }
            default:
                return await FailAsync(Usage);
        }
    }

    private static async Task<string> PasswordAsync(string? file) =>
        (file is not null ? await File.ReadAllTextAsync(file) : await Console.In.ReadLineAsync() ?? "").TrimEnd('\r', '\n');

    private static string Errors<T>(RegistryResult<T> r) => string.Join("; ", r.Errors!.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}")));

    private static async Task<int> FailAsync(string message)
    {
        await Console.Error.WriteLineAsync(message.TrimEnd());
        return 2;
    }
}
