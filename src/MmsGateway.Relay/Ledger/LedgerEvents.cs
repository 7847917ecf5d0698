using Microsoft.Extensions.Logging;

namespace MmsGateway.Relay.Ledger;

internal static partial class LedgerEvents
{
    [LoggerMessage(6101, LogLevel.Error, "The MM4 ledger cannot be written ({Reason}); {Pending} observations wait in memory (bounded), mail is not affected")]
    public static partial void WriteFailed(ILogger log, string reason, int pending);

    [LoggerMessage(6102, LogLevel.Information, "The MM4 ledger is written again")]
    public static partial void Recovered(ILogger log);

    [LoggerMessage(6103, LogLevel.Warning, "The MM4 ledger could not mark or prune rows ({Reason}); it tries again")]
    public static partial void SweepFailed(ILogger log, string reason);

    [LoggerMessage(6104, LogLevel.Information, "The MM4 ledger pruned {Rows} rows older than {Before:O}")]
    public static partial void Pruned(ILogger log, int rows, DateTimeOffset before);
}
