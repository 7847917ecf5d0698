using Microsoft.AspNetCore.SignalR;

namespace MmsConsole.Web.Live;

/// <summary>/hubs/gateway: "stats" (a <see cref="GatewaySnapshot"/>) every second and "delivery" (one
/// attempt, the seed's log line) as they happen. Server to client only; anyone may listen until
/// issue 6 puts it behind the console's sign-in.</summary>
public sealed class GatewayHub(GatewayStats stats) : Hub
{
    public const string Path = "/hubs/gateway";

    public override Task OnConnectedAsync() => Clients.Caller.SendAsync("stats", stats.Current);
}
