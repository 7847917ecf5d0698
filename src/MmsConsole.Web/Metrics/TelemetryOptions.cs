using Microsoft.Extensions.Options;

namespace MmsConsole.Web.Metrics;

/// <summary>Gateway:Telemetry. Optional push of the same instruments over OTLP, beside the /metrics scrape
/// (a site whose monitoring is an OpenTelemetry collector rather than Prometheus).</summary>
public sealed class TelemetryOptions
{
    /// <summary>The collector's full URL, e.g. http://otel-collector:4318/v1/metrics (http/protobuf) or
    /// http://otel-collector:4317 (grpc). Empty: no push.</summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary>"http/protobuf" (the default) or "grpc".</summary>
    public string OtlpProtocol { get; set; } = "http/protobuf";

    public TimeSpan OtlpInterval { get; set; } = TimeSpan.FromSeconds(15);
}

internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions o)
    {
        var errors = new List<string>();
        if (o.OtlpEndpoint.Length > 0 && (!Uri.TryCreate(o.OtlpEndpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            errors.Add($"Gateway:Telemetry:OtlpEndpoint '{o.OtlpEndpoint}' is not an http(s) URL");
        if (o.OtlpProtocol is not ("http/protobuf" or "grpc"))
            errors.Add($"Gateway:Telemetry:OtlpProtocol '{o.OtlpProtocol}' must be http/protobuf or grpc");
        if (o.OtlpInterval < TimeSpan.FromSeconds(1))
            errors.Add($"Gateway:Telemetry:OtlpInterval is {o.OtlpInterval}; it must be at least 1 second");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
