using MmsConsole.Web.Components.Shared;
using MmsGateway.Relay.Routing;

namespace MmsConsole.Web.Components.Pages.Operators;

public sealed record StatusDecision(DestinationStatus Status, string? Text, TimeSpan? For, Confirmation Confirmation);
