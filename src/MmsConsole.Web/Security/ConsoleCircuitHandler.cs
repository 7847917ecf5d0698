using Microsoft.AspNetCore.Components.Server.Circuits;
using MmsConsole.Web.Components.Shared;

namespace MmsConsole.Web.Security;

/// <summary>Notes the browser's address when a console tab connects, for the audit trail's "source":
/// inside a circuit there is no request to read it from.</summary>
public sealed class ConsoleCircuitHandler(IHttpContextAccessor http, ConsoleUser user) : CircuitHandler
{
    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (http.HttpContext?.Connection.RemoteIpAddress is { } address) user.Source = address.ToString();
        return Task.CompletedTask;
    }
}
