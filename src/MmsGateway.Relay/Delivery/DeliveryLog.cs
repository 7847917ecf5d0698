using Microsoft.Extensions.Logging;

namespace MmsGateway.Relay.Delivery;

internal static partial class DeliveryLog
{
    // The form the seed's operators grep: "grep 'TYPE=PLMN' maillog | grep -v stat=Sent".
    [LoggerMessage(3001, LogLevel.Information, "{QueueId}: to=<{Recipient}>, delay={Delay}, relay={Relay}, tls={Tls}, dsn={Dsn}, stat={Status}")]
    public static partial void Attempted(ILogger log, string queueId, string recipient, string delay, string relay, string tls, string dsn, string status);

    [LoggerMessage(3002, LogLevel.Critical, "{QueueId}: delivery outcome could not be recorded in the spool; it will be retried after restart")]
    public static partial void RecordFailed(ILogger log, string queueId, Exception error);

    [LoggerMessage(3003, LogLevel.Error, "{QueueId}: delivery to {Domain} failed unexpectedly; deferred")]
    public static partial void Defect(ILogger log, string queueId, string domain, Exception error);

    [LoggerMessage(3008, LogLevel.Error, "{QueueId}: delivery worker for {Domain} failed unexpectedly; its recipients are deferred and the destination's other mail goes on")]
    public static partial void WorkerFailed(ILogger log, string queueId, string domain, Exception error);

    [LoggerMessage(3009, LogLevel.Critical, "Delivery task ended with an error nobody handled")]
    public static partial void Unobserved(ILogger log, Exception error);

    [LoggerMessage(3004, LogLevel.Warning, "{Domain}: no route any more; {Count} recipients deferred")]
    public static partial void NoRoute(ILogger log, string domain, int count);

    [LoggerMessage(3005, LogLevel.Information, "{Domain}: unreachable ({Reason}); due mail deferred without a connection until {Until}")]
    public static partial void Unreachable(ILogger log, string domain, string reason, DateTimeOffset until);

    [LoggerMessage(3006, LogLevel.Information, "{QueueId}: sender notified of {Count} failed recipients: {NoticeId}")]
    public static partial void NoticeQueued(ILogger log, string queueId, string noticeId, int count);

    [LoggerMessage(3007, LogLevel.Critical, "{QueueId}: bounce notice could not be queued; failures stay deferred")]
    public static partial void NoticeFailed(ILogger log, string queueId, Exception error);

    /// <summary>sendmail's delay=: [d+]hh:mm:ss.</summary>
    public static string FormatDelay(TimeSpan delay)
    {
        if (delay < TimeSpan.Zero) delay = TimeSpan.Zero;
        var hms = $"{delay.Hours:00}:{delay.Minutes:00}:{delay.Seconds:00}";
        return delay.Days > 0 ? $"{delay.Days}+{hms}" : hms;
    }
}
