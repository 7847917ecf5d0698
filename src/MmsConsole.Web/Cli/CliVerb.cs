using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using MmsGateway.Registry;
using MmsGateway.Registry.Database;
using MmsGateway.Registry.Model;
using MmsGateway.Registry.Store;

namespace MmsConsole.Web.Cli;

/// <summary>Command-line verbs run on the gateway's own registry database instead of starting the
/// gateway (a running gateway sees their changes). The verb may follow configuration arguments
/// (run.sh puts --Gateway:DataDirectory first), but not stand as the value of one.</summary>
internal static class CliVerb
{
    public static int At(string[] args, params string[] verbs) =>
        Array.FindIndex(args, a => verbs.Contains(a)) is var i && i >= 0 && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal)) ? i : -1;

    /// <summary>The arguments with the verb first, then what followed it, then the configuration before it.</summary>
    public static string[] VerbFirst(string[] args, int at) => [args[at], .. args[(at + 1)..], .. args[..at]];

    /// <summary>The registry named by the configuration arguments, migrated to the current schema.</summary>
    public static async Task<IDbContextFactory<RegistryDbContext>> OpenRegistryAsync(IEnumerable<string> configurationArgs)
    {
        var configuration = WebApplication.CreateBuilder([.. configurationArgs]).Configuration;
        var factory = new PooledDbContextFactory<RegistryDbContext>(new DbContextOptionsBuilder<RegistryDbContext>()
            .UseRegistry(RegistryProviders.From(configuration), RegistryServiceCollectionExtensions.ConnectionString(configuration)).Options);
        await RegistrySync.PrepareAsync(factory, CancellationToken.None);
        return factory;
    }
}
