namespace MmsConsole.Web.Live;

/// <summary>Console:Alerts: when the dashboard raises a banner for an operator.</summary>
public sealed class ConsoleOptions
{
    /// <summary>Queued recipients for one operator above which it is flagged.</summary>
    public int DepthAlert { get; set; } = 1000;

    /// <summary>Age of an operator's oldest queued message above which it is flagged.</summary>
    public TimeSpan OldestAlert { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The window over which each partner's MM4 answers are judged (issue 14).</summary>
    public TimeSpan Mm4Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the MM4 verdicts are read from the ledger's counters.</summary>
    public TimeSpan Mm4Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Forwards (answered, or due an answer) in the window below which a partner is not judged.</summary>
    public int Mm4MinForwards { get; set; } = 20;

    /// <summary>Share of forwards answered with an error status, or without an answer, that turns a partner amber…</summary>
    public double Mm4WarningShare { get; set; } = 0.1;

    /// <summary>…and red.</summary>
    public double Mm4CriticalShare { get; set; } = 0.5;
}
