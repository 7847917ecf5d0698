using MmsGateway.Registry.Accounts;
using MmsGateway.Registry.Model;

namespace MmsConsole.Web.Security;

/// <summary>The first admin, from configuration, when the database has no user yet:
/// <c>Console:Admin:User</c> with <c>Console:Admin:Password</c> or <c>Console:Admin:PasswordFile</c>
/// (a Docker secret). There is no built-in password; without these, create one with
/// <c>./run.sh user add NAME --role Admin</c>. Ignored once any user exists.</summary>
public sealed class FirstAdmin(IConfiguration configuration, AccountStore accounts, ILogger<FirstAdmin> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await accounts.AnyUserAsync(cancellationToken)) return;
        var name = configuration["Console:Admin:User"];
        var password = configuration["Console:Admin:Password"];
        if (configuration["Console:Admin:PasswordFile"] is { Length: > 0 } file)
            password = (await File.ReadAllTextAsync(file, cancellationToken)).TrimEnd('\r', '\n');
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrEmpty(password))
        {
            log.LogWarning("No console user exists yet: nobody can sign in. Create the first admin with "
                + "'./run.sh user add NAME --role Admin', or set Console:Admin:User and Console:Admin:Password (or :PasswordFile)");
            return;
        }
        var result = await accounts.CreateUserAsync(name, password, ConsoleRole.Admin, "configuration", cancellationToken);
        if (!result.Ok)
            throw new Microsoft.Extensions.Options.OptionsValidationException("Console:Admin", typeof(FirstAdmin),
                result.Errors!.SelectMany(e => e.Value.Select(v => $"Console:Admin: {(e.Key == "name" ? "User" : "Password")}: {v}")));
        log.LogInformation("Created the first admin {User} from configuration", name);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
