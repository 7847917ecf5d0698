using Microsoft.AspNetCore.SignalR;

namespace MmsConsole.Web.Live;

/// <summary>/hubs/gateway: "stats" (a <see cref="GatewaySnapshot"/>) every second, and for clients that
/// call <see cref="FollowDeliveries"/> "deliveries" (that second's attempts as the seed's log lines). Server to client only; anyone may listen until
/// issue 6 puts it behind the console's sign-in.</summary>
public sealed class GatewayHub(GatewayStats stats) : Hub
{
    public const string Path = "/hubs/gateway";
    public const string DeliveriesGroup = "deliveries";

    public override Task OnConnectedAsync() => Clients.Caller.SendAsync("stats", stats.Current);

    /// <summary>Also receive "deliveries" (a <see cref="DeliveryBatch"/> per second with attempts): a
    /// dashboard needs only "stats", a log tail asks for this.</summary>
    public Task FollowDeliveries() => Groups.AddToGroupAsync(Context.ConnectionId, DeliveriesGroup);
}
