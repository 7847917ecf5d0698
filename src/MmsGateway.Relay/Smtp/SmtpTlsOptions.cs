namespace MmsGateway.Relay.Smtp;

/// <summary>Gateway:Smtp:Tls. The server certificate for STARTTLS and the default mode of every listener
/// (a listener may say otherwise: "0.0.0.0:25 starttls=require").</summary>
public sealed class SmtpTlsOptions
{
    /// <summary>A PEM certificate (chain), or a PFX/PKCS#12 file (.pfx, .p12). Reloaded when the file changes.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>The PEM private key, when it is not in <see cref="CertificateFile"/>.</summary>
    public string? KeyFile { get; set; }

    /// <summary>The PFX password, or the PEM key's if it is encrypted.</summary>
    public string? Password { get; set; }

    /// <summary>Default for listeners that do not name one: Offer when a certificate is configured, else None.</summary>
    public StartTlsMode? StartTls { get; set; }

    public StartTlsMode DefaultMode => StartTls ?? (string.IsNullOrWhiteSpace(CertificateFile) ? StartTlsMode.None : StartTlsMode.Offer);
}
