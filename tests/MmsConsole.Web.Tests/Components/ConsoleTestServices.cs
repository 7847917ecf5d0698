using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MmsConsole.Web;
using MmsConsole.Web.Live;
using MmsConsole.Web.Site;
using Microsoft.AspNetCore.DataProtection;
using MmsGateway.Registry.Nodes;
using MmsGateway.Relay.Hosting;
using MmsGateway.Relay.MailLog;
using MudBlazor.Services;

namespace MmsConsole.Web.Tests.Components;

/// <summary>What every component test registers: MudBlazor without transitions (a snackbar that animates
/// in or out is a timer the test would race), the console's action layer, and an empty mail log.</summary>
internal static class ConsoleTestServices
{
    public static IServiceCollection AddConsoleForTests(this IServiceCollection services)
    {
        services.AddMudServices(c =>
        {
            c.SnackbarConfiguration.ShowTransitionDuration = 0;
            c.SnackbarConfiguration.HideTransitionDuration = 0;
        });
        // A mail log that was never written (a directory that does not exist): pages that read history show none.
        services.AddSingleton(new MailLogReader(Path.Combine(Path.GetTempPath(), $"mmsconsole-no-maillog-{Guid.NewGuid():N}")));
        // No node list (a single gateway): the dashboard shows no Nodes section.
        services.AddSingleton(new SiteNodes(null, TimeProvider.System, NullLogger<SiteNodes>.Instance));
        // The site's queue as one gateway has it: this node alone, never asked over HTTP (no heartbeat runs).
        var self = new NodeIdentity("gw-test");
        services.AddHttpClient();
        services.AddSingleton(sp => new SitePeers(sp.GetRequiredService<IHttpClientFactory>(), new NodeDirectory(null!, self, TimeProvider.System), self,
            new NodeTicket(new EphemeralDataProtectionProvider())));
        services.AddSingleton<SiteQueue>();
        return services.AddActions();
    }
}
