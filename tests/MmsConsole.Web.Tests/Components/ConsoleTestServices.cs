using Microsoft.Extensions.DependencyInjection;
using MmsConsole.Web;
using MudBlazor.Services;

namespace MmsConsole.Web.Tests.Components;

/// <summary>What every component test registers: MudBlazor without transitions (a snackbar that animates
/// in or out is a timer the test would race), and the console's action layer.</summary>
internal static class ConsoleTestServices
{
    public static IServiceCollection AddConsoleForTests(this IServiceCollection services)
    {
        services.AddMudServices(c =>
        {
            c.SnackbarConfiguration.ShowTransitionDuration = 0;
            c.SnackbarConfiguration.HideTransitionDuration = 0;
        });
        return services.AddActions();
    }
}
