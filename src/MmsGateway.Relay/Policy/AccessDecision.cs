using System.Net;

namespace MmsGateway.Relay.Policy;

/// <summary>One recipient to judge: who connects, the envelope sender (empty for the null sender &lt;&gt;)
/// and the recipient, each with its domain.</summary>
public readonly record struct AccessRequest(IPAddress Client, string Sender, string SenderDomain, string Recipient, string RecipientDomain)
{
    public bool NullSender => Sender.Length == 0;
}

public enum AccessVerdict
{
    Accept,
    /// <summary>Not ours, and this client may not relay there.</summary>
    RelayDenied,
    /// <summary>Refused for good: an access entry, a destination not accepting mail, no agreement.</summary>
    Refuse,
    /// <summary>Refused for now: a Tempfail entry, a destination rejecting temporarily.</summary>
    TryLater,
}

/// <summary>What the access map decided for one recipient. <see cref="Text"/> names who was refused and
/// why, in words fit for the reply; the SMTP session chooses the reply's codes.</summary>
public readonly record struct AccessDecision(AccessVerdict Verdict, string Text = "")
{
    public static AccessDecision Accept => default;

    public bool Accepted => Verdict == AccessVerdict.Accept;
}
