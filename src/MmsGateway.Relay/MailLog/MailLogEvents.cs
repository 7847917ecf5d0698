using Microsoft.Extensions.Logging;

namespace MmsGateway.Relay.MailLog;

internal static partial class MailLogEvents
{
    [LoggerMessage(6001, LogLevel.Error, "The mail log in {Directory} cannot be written ({Reason}); lines wait in memory (bounded), mail is not affected")]
    public static partial void WriteFailed(ILogger log, string directory, string reason);

    [LoggerMessage(6002, LogLevel.Information, "The mail log in {Directory} is written again")]
    public static partial void Recovered(ILogger log, string directory);
}
