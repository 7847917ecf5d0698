using Microsoft.Extensions.DependencyInjection;
using MmsConsole.Web;
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
        return services.AddActions();
    }
}
