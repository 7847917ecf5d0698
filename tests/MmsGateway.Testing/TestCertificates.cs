using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MmsGateway.Testing;

/// <summary>Self-signed server certificates for STARTTLS tests, written as PEM files (certificate and key
/// apart, as a CA or certbot delivers them).</summary>
public static class TestCertificates
{
    public sealed record Files(string Certificate, string Key, string Thumbprint);

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
