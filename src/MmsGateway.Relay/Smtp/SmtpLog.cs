using Microsoft.Extensions.Logging;

namespace MmsGateway.Relay.Smtp;

internal static partial class SmtpLog
{
    [LoggerMessage(1001, LogLevel.Information, "SMTP listening on {Endpoint}")]
    public static partial void Listening(ILogger log, string endpoint);

    [LoggerMessage(1002, LogLevel.Information, "{QueueId}: from=<{Sender}>, size={Size}, nrcpts={Recipients}, relay=[{Peer}], tls={Tls}")]
    public static partial void Accepted(ILogger log, string queueId, string sender, long size, int recipients, string peer, string tls);

    [LoggerMessage(1011, LogLevel.Warning, "{Peer}: TLS handshake failed: {Reason}")]
    public static partial void TlsFailed(ILogger log, string peer, string reason);

    [LoggerMessage(1003, LogLevel.Information, "reject: {Peer}: {Command}: {Reply}")]
    public static partial void Rejected(ILogger log, string peer, string command, string reply);

    [LoggerMessage(1004, LogLevel.Warning, "Connection limit {Limit} reached; refused {Peer} with 421")]
    public static partial void TooManyConnections(ILogger log, int limit, string peer);

    [LoggerMessage(1009, LogLevel.Warning, "Per-client connection limit {Limit} reached; refused {Peer} with 421")]
    public static partial void TooManyFromClient(ILogger log, int limit, string peer);

    [LoggerMessage(1010, LogLevel.Warning, "{Peer}: DATA refused 451, the memory budget for messages in flight ({Budget} bytes) is spent")]
    public static partial void OverBudget(ILogger log, string peer, long budget);

    [LoggerMessage(1005, LogLevel.Debug, "{Peer}: session ended: {Reason}")]
    public static partial void Ended(ILogger log, string peer, string reason);

    [LoggerMessage(1006, LogLevel.Error, "{Peer}: session failed")]
    public static partial void Failed(ILogger log, string peer, Exception error);

    [LoggerMessage(1007, LogLevel.Information, "SMTP stopped accepting; waiting up to {Grace} for {Sessions} sessions")]
    public static partial void Stopping(ILogger log, TimeSpan grace, int sessions);

    [LoggerMessage(1008, LogLevel.Error, "{QueueId}: could not be queued (answered 451): {Reason}")]
    public static partial void CommitFailed(ILogger log, string queueId, string reason);
}
