namespace MmsGateway.Relay.Capture;

/// <summary>Gateway:Capture. Traffic capture (the seed's sendmail -X) is always time-boxed.</summary>
public sealed class CaptureOptions
{
    public TimeSpan DefaultDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest a capture may be asked to run.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Bytes written per session transcript before it is cut (a 20 MB MMS is not worth keeping twice).</summary>
    public long MaxBytesPerSession { get; set; } = 10_000_000;
}
