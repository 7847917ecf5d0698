using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace MmsConsole.Web.Security;

public static class KeyRingServices
{
    /// <summary>Call first in the console's services: the ring's hosted service must start before the key
    /// manager's own (registered by the first AddDataProtection), which reads the ring at start-up.
    /// One application name on every node: the default (the content root) differs between installs.</summary>
    public static IServiceCollection AddConsoleKeyRing(this IServiceCollection services)
    {
        services.AddSingleton<RegistryKeyRing>();
        services.AddHostedService(sp => sp.GetRequiredService<RegistryKeyRing>());
        services.AddDataProtection().SetApplicationName("MmsConsole");
        services.AddOptions<KeyManagementOptions>().Configure<RegistryKeyRing>((o, ring) => o.XmlRepository = ring);
        return services;
    }
}
