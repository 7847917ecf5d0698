using Microsoft.Extensions.Options;
using MmsGateway.Relay.Capture;
using MmsGateway.Relay.Delivery;
using MmsGateway.Relay.Health;
using MmsGateway.Relay.Ledger;
using MmsGateway.Relay.MailLog;
using MmsGateway.Relay.Policy;
using MmsGateway.Relay.Smtp;
using MmsGateway.Relay.Spool;

namespace MmsGateway.Relay.Hosting;

/// <summary>Checks the relay's configuration at start-up; every message names the full key, so
/// that a bad value stops the gateway with a line the operator can act on.</summary>
internal sealed class RelayOptionsValidator : IValidateOptions<SmtpOptions>, IValidateOptions<RelayOptions>, IValidateOptions<SpoolOptions>,
    IValidateOptions<RulesOptions>, IValidateOptions<DeliveryOptions>, IValidateOptions<CaptureOptions>,
    IValidateOptions<HealthOptions>, IValidateOptions<MailLogOptions>,
    IValidateOptions<LedgerOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions o)
    {
        var errors = new List<string>();
        if (o.Listen is null || o.Listen.Length == 0) errors.Add("Gateway:Smtp:Listen must name at least one address:port");
        else
            for (var i = 0; i < o.Listen.Length; i++)
            {
                if (!SmtpOptions.TryParseListener(o.Listen[i], out _, out var mode, out var error)) errors.Add($"Gateway:Smtp:Listen:{i} {error}");
                else if ((mode ?? o.Tls.DefaultMode) != StartTlsMode.None && string.IsNullOrWhiteSpace(o.Tls.CertificateFile))
                    errors.Add($"Gateway:Smtp:Listen:{i} '{o.Listen[i]}' offers STARTTLS but Gateway:Smtp:Tls:CertificateFile is not set");
            }
        if (!string.IsNullOrWhiteSpace(o.Tls.CertificateFile))
        {
            try { TlsCertificateSource.Load(o.Tls).Dispose(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                errors.Add($"Gateway:Smtp:Tls:CertificateFile '{o.Tls.CertificateFile}' cannot be used: {e.Message}");
            }
        }
        if (string.IsNullOrWhiteSpace(o.Hostname) || o.Hostname.Any(c => c <= ' ' || c > '~'))
            errors.Add($"Gateway:Smtp:Hostname '{o.Hostname}' must be a host name without spaces");
        Range(errors, "Gateway:Smtp:MaxMessageSize", o.MaxMessageSize, 1024, 1_000_000_000);
        Range(errors, "Gateway:Smtp:MaxRecipients", o.MaxRecipients, 1, 100_000);
        Range(errors, "Gateway:Smtp:MaxConnections", o.MaxConnections, 1, 100_000);
        Range(errors, "Gateway:Smtp:MaxErrors", o.MaxErrors, 1, 1000);
        Range(errors, "Gateway:Smtp:MaxConnectionsPerClient", o.MaxConnectionsPerClient, 0, 100_000);
        Range(errors, "Gateway:Smtp:MaxHops", o.MaxHops, 1, 1000);
        Range(errors, "Gateway:Smtp:DataMemoryBudget", o.DataMemoryBudget, 1024 * 1024, long.MaxValue);
        Positive(errors, "Gateway:Smtp:DataTransferTimeout", o.DataTransferTimeout);
        Positive(errors, "Gateway:Smtp:CommandTimeout", o.CommandTimeout);
        Positive(errors, "Gateway:Smtp:DataTimeout", o.DataTimeout);
        Positive(errors, "Gateway:Smtp:ShutdownGrace", o.ShutdownGrace);
        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, RelayOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.DataDirectory)) return ValidateOptionsResult.Fail("Gateway:DataDirectory must not be empty");
        return ValidateOptionsResult.Success;
    }

    public ValidateOptionsResult Validate(string? name, SpoolOptions o)
    {
        var errors = new List<string>();
        Range(errors, "Gateway:Spool:SegmentSize", o.SegmentSize, 1024 * 1024, 4L * 1024 * 1024 * 1024);
        Range(errors, "Gateway:Spool:MinFreeBytes", o.MinFreeBytes, 0, long.MaxValue);
        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, RulesOptions o)
    {
        o.ToSource(out var errors);
        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, DeliveryOptions o)
    {
        var errors = new List<string>();
        Positive(errors, "Gateway:Delivery:ConnectTimeout", o.ConnectTimeout);
        Positive(errors, "Gateway:Delivery:CommandTimeout", o.CommandTimeout);
        Positive(errors, "Gateway:Delivery:ConnectionIdleTime", o.ConnectionIdleTime);
        Positive(errors, "Gateway:Delivery:RetryInitial", o.RetryInitial);
        Positive(errors, "Gateway:Delivery:QueueLifetime", o.QueueLifetime);
        if (o.RetryMax < o.RetryInitial) errors.Add($"Gateway:Delivery:RetryMax is {o.RetryMax}; it must not be less than RetryInitial {o.RetryInitial}");
        if (o.RetryJitter is < 0 or >= 1) errors.Add($"Gateway:Delivery:RetryJitter is {o.RetryJitter}; it must be at least 0 and less than 1");
        Range(errors, "Gateway:Delivery:ConcurrencyPerDestination", o.ConcurrencyPerDestination, 1, 1000);
        Range(errors, "Gateway:Delivery:MaxMessagesPerConnection", o.MaxMessagesPerConnection, 1, 1_000_000);
        foreach (var (domain, lifetime) in o.QueueLifetimeByDomain)
            Positive(errors, $"Gateway:Delivery:QueueLifetimeByDomain:{domain}", lifetime);
        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, CaptureOptions o)
    {
        var errors = new List<string>();
        Positive(errors, "Gateway:Capture:DefaultDuration", o.DefaultDuration);
        Positive(errors, "Gateway:Capture:MaxDuration", o.MaxDuration);
        if (o.DefaultDuration > o.MaxDuration) errors.Add($"Gateway:Capture:DefaultDuration {o.DefaultDuration} exceeds MaxDuration {o.MaxDuration}");
        Range(errors, "Gateway:Capture:MaxBytesPerSession", o.MaxBytesPerSession, 1024, long.MaxValue);
        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, HealthOptions o)
    {
        var errors = new List<string>();
        Positive(errors, "Gateway:Health:UnreachableAfter", o.UnreachableAfter);
        if (o.DegradedShare is <= 0 or > 1) errors.Add($"Gateway:Health:DegradedShare is {o.DegradedShare}; it must be more than 0 and at most 1");
        Range(errors, "Gateway:Health:DegradedMinAttempts", o.DegradedMinAttempts, 1, 1_000_000);
        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, MailLogOptions o)
    {
        var errors = new List<string>();
        Range(errors, "Gateway:MailLog:MaxFileSize", o.MaxFileSize, 64 * 1024, long.MaxValue);
        Positive(errors, "Gateway:MailLog:Retention", o.Retention);
        Positive(errors, "Gateway:MailLog:FlushInterval", o.FlushInterval);
        return Result(errors);
    }

    public ValidateOptionsResult Validate(string? name, LedgerOptions o)
    {
        var errors = new List<string>();
        Positive(errors, "Gateway:Ledger:ResponseTimeout", o.ResponseTimeout);
        Positive(errors, "Gateway:Ledger:Retention", o.Retention);
        Positive(errors, "Gateway:Ledger:FlushInterval", o.FlushInterval);
        Positive(errors, "Gateway:Ledger:SweepInterval", o.SweepInterval);
        Positive(errors, "Gateway:Ledger:PruneInterval", o.PruneInterval);
        Range(errors, "Gateway:Ledger:BatchSize", o.BatchSize, 1, 100_000);
        Range(errors, "Gateway:Ledger:MaxPending", o.MaxPending, 1000, 10_000_000);
        return Result(errors);
    }

    private static void Range(List<string> errors, string key, long value, long min, long max)
    {
        if (value < min || value > max) errors.Add($"{key} is {value}; it must be between {min} and {max}");
    }

    private static void Positive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero) errors.Add($"{key} is {value}; it must be a positive time span such as 00:05:00");
    }

    private static ValidateOptionsResult Result(List<string> errors) =>
        errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
}
