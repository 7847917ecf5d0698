using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MmsGateway.Testing;

/// <summary>Self-signed server certificates for STARTTLS tests, written as PEM files (certificate and key
/// apart, as a CA or certbot delivers them).</summary>
public static class TestCertificates
{
    public sealed record Files(string Certificate, string Key, string Thumbprint);

    /// <summary>The same certificate and key as a password-protected PFX file, as Windows-minded CAs deliver them.</summary>
    public static string WritePfx(Files files, string password)
    {
        using var cert = Load(files);
        var path = Path.ChangeExtension(files.Certificate, ".pfx");
        File.WriteAllBytes(path, cert.Export(X509ContentType.Pkcs12, password));
        return path;
    }

    /// <summary>The certificate with its key, for a test server (the sink) in the same process.</summary>
    public static X509Certificate2 Load(Files files)
    {
        using var pem = X509Certificate2.CreateFromPemFile(files.Certificate, files.Key);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>A private CA (the PEM of its certificate, as an operator hands it over) and a server
    /// certificate it issued for <paramref name="name"/> and 127.0.0.1.</summary>
    public static (string CaFile, X509Certificate2 Server) WriteIssued(string directory, string name = "sink.test.invalid")
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Operator Two interconnect CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var caFile = Path.Combine(directory, "operator-ca.pem");
        File.WriteAllText(caFile, ca.ExportCertificatePem());

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30), [1, 2, 3, 4]);
        using var withKey = issued.CopyWithPrivateKey(key);
        return (caFile, X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null));
    }

    public static Files Write(string directory, string name = "mm4gw.test.invalid", string file = "smtp")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var files = new Files(Path.Combine(directory, file + ".crt"), Path.Combine(directory, file + ".key"), cert.Thumbprint);
        File.WriteAllText(files.Certificate, cert.ExportCertificatePem());
        File.WriteAllText(files.Key, key.ExportPkcs8PrivateKeyPem());
        return files;
    }
}
