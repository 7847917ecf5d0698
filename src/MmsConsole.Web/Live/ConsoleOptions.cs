namespace MmsConsole.Web.Live;

/// <summary>Console:Alerts: when the dashboard raises a banner for an operator.</summary>
public sealed class ConsoleOptions
{
    /// <summary>Queued recipients for one operator above which it is flagged.</summary>
    public int DepthAlert { get; set; } = 1000;

    /// <summary>Age of an operator's oldest queued message above which it is flagged.</summary>
    public TimeSpan OldestAlert { get; set; } = TimeSpan.FromHours(1);
}
