using System.Text.Json.Serialization;
using MmsConsole.Web.Actions;
using MmsConsole.Web.Api;
using MmsConsole.Web.Components.Shared;
using MmsConsole.Web.Hosting;
using MmsConsole.Web.Live;
using MmsConsole.Web.Metrics;
using MmsConsole.Web.Mm4;
using Microsoft.Extensions.Options;
using MmsConsole.Web.Security;
using MmsConsole.Web.Site;
using MudBlazor.Services;

namespace MmsConsole.Web;

/// <summary>The web host's own parts: the API's conventions, the console (Blazor, MudBlazor, the hub),
/// the live figures, the action layer and the sign-in. The relay and the registry come before it.</summary>
public static class ConsoleServices
{
    public static IServiceCollection AddConsole(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddConsoleKeyRing();
        // Unreadable API input (bad JSON, an unknown enum value) is thrown so that it becomes a problem
        // document saying what was wrong, rather than an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiProblems.Describe);
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        services.AddRazorComponents().AddInteractiveServerComponents();
        // Snackbars bottom right: the top right holds the page's own buttons.
        services.AddMudServices(c => c.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);
        services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddOptions<ConsoleOptions>().Bind(configuration.GetSection("Console:Alerts")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConsoleOptions>, ConsoleOptionsValidator>();
        services.AddScoped<ConsoleUser>();

        services.AddSingleton<FlushHistory>();
        services.AddSingleton<DepthHistory>();
        services.AddSingleton<GatewayStats>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayStats>());
        services.AddHostedService<HubBroadcaster>();
        services.AddSingleton<SiteNodes>();
        services.AddHostedService(sp => sp.GetRequiredService<SiteNodes>());
        services.AddSingleton<Mm4Watch>();
        services.AddHostedService(sp => sp.GetRequiredService<Mm4Watch>());
        services.AddConsoleMetrics(configuration);

        services.AddActions();
        services.AddHttpClient(SitePeers.Client);
        services.AddSingleton<SitePeers>();
        services.AddSingleton<SiteQueue>();
        services.AddHostedService<ReadyFile>();
        services.AddHostedService<NodeAnnouncer>();
        services.AddConsoleSecurity();
        return services;
    }

    /// <summary>One place for every change the NOC makes and its audit entry: pages and API both call these.</summary>
    public static IServiceCollection AddActions(this IServiceCollection services)
    {
        services.AddSingleton<ActionAudit>();
        services.AddSingleton<OperatorActions>();
        services.AddSingleton<QueueActions>();
        services.AddSingleton<CaptureActions>();
        services.AddSingleton<RegistryActions>();
        services.AddSingleton<AccountActions>();
        return services;
    }
}
