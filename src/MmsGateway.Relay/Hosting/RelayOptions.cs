namespace MmsGateway.Relay.Hosting;

/// <summary>Gateway: settings shared by every part of the relay.</summary>
public sealed class RelayOptions
{
    /// <summary>Spool and (later) the registry database live here; relative paths are from the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    public string SpoolDirectory => Path.Combine(Path.GetFullPath(DataDirectory), "spool");
}
