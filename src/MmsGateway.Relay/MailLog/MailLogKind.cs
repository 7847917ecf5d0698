namespace MmsGateway.Relay.MailLog;

/// <summary>The two line types the mail log holds: sendmail's "from=" (accepted) and "to=" (one attempt).</summary>
public enum MailLogKind { Accepted, Attempt }
