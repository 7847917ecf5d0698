namespace MmsGateway.Relay.Smtp;

/// <summary>A parsed command line. For MAIL and RCPT, <see cref="Path"/> holds the address
/// exactly as sent (without angle brackets) and <see cref="Parameters"/> the ESMTP parameters.</summary>
public sealed record SmtpCommand(SmtpVerb Verb, string Argument)
{
    public SmtpAddress? Path { get; init; }

    public IReadOnlyDictionary<string, string?> Parameters { get; init; } = Empty;

    private static readonly Dictionary<string, string?> Empty = new(StringComparer.OrdinalIgnoreCase);
}
