namespace MmsGateway.Relay.Smtp;

/// <summary>Why the DATA scanner stopped, or <see cref="None"/> while the message goes on.</summary>
public enum DataEnd { None, Terminated }

/// <summary>What was wrong with a message that did end properly; each makes it refused, none stops the scan.</summary>
[Flags]
public enum DataDefect
{
    None = 0, BareLineEnding = 1, Nul = 2, LineTooLong = 4, TooBig = 8,
    /// <summary>Not the message's fault: the gateway's memory budget for messages in flight ran out (4xx).</summary>
    OverBudget = 16,
}
