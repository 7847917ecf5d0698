namespace MmsGateway.Registry.Model;

/// <summary>What a user or token may do; each role includes the ones before it.</summary>
public enum ConsoleRole
{
    /// <summary>Sees everything, changes nothing.</summary>
    Viewer = 0,

    /// <summary>Also status changes, flushes, holds, releases, deletes, bounces, captures.</summary>
    Operator = 1,

    /// <summary>Also the registry (operators, our side, access, imports) and users and tokens.</summary>
    Admin = 2,
}
