using System.Security.Cryptography.X509Certificates;

namespace MmsGateway.Relay.Smtp;

/// <summary>The server certificate, read from its file(s) and read again when a file changes (a renewed
/// certificate is used from the next handshake, without a restart). A renewal that cannot be read keeps
/// the certificate in use and says why in <see cref="LastError"/>.</summary>
public sealed class TlsCertificateSource(SmtpTlsOptions options)
{
    private readonly Lock _gate = new();
    private X509Certificate2? _current;
    private (DateTime Cert, DateTime Key) _stamp;

    public bool Configured => !string.IsNullOrWhiteSpace(options.CertificateFile);

    public string? LastError { get; private set; }

    /// <summary>The certificate to present now; throws when none could ever be read.</summary>
    public X509Certificate2 Current()
    {
        var stamp = Stamp();
        lock (_gate)
        {
            if (_current is not null && stamp == _stamp) return _current;
            try
            {
                var next = Load(options);
                (_current, _stamp, LastError) = (next, stamp, null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                LastError = $"{options.CertificateFile}: {e.Message}";
                if (_current is null) throw new InvalidOperationException($"Gateway:Smtp:Tls:CertificateFile {LastError}", e);
                _stamp = stamp;   // keep serving the last good one; try again when the file changes again
            }
            return _current;
        }
    }

    private (DateTime, DateTime) Stamp() =>
        (File.GetLastWriteTimeUtc(options.CertificateFile!), options.KeyFile is { Length: > 0 } key ? File.GetLastWriteTimeUtc(key) : default);

    /// <summary>Reads a PFX, or a PEM certificate with its key (in the same file or in KeyFile).</summary>
    public static X509Certificate2 Load(SmtpTlsOptions o)
    {
        var file = o.CertificateFile ?? throw new ArgumentException("no certificate file");
        if (file.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
            return X509CertificateLoader.LoadPkcs12FromFile(file, o.Password);
        var key = string.IsNullOrWhiteSpace(o.KeyFile) ? file : o.KeyFile;
        var pem = string.IsNullOrEmpty(o.Password)
            ? X509Certificate2.CreateFromPemFile(file, key)
            : X509Certificate2.CreateFromEncryptedPemFile(file, o.Password, key);
        if (!pem.HasPrivateKey) throw new ArgumentException("the certificate has no private key");
        // An exported and reloaded copy: SslStream on some platforms will not use an ephemeral PEM key.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
