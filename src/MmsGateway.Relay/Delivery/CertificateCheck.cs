using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MmsGateway.Relay.Routing;

namespace MmsGateway.Relay.Delivery;

/// <summary>Judges a next hop's certificate by the operator's TLS terms and remembers the verdict for the
/// log line: a pinned fingerprint wins over everything, a private CA replaces the system's roots, and
/// otherwise the system's validation (chain and name) decides. Only Required mode refuses on a bad verdict.</summary>
internal sealed class CertificateCheck(TlsPolicy policy)
{
    public bool Verified { get; private set; }

    public string Problem { get; private set; } = "";

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        (Verified, Problem) = Judge(certificate, errors);
        return Verified || policy.Mode != OutboundTls.Required;
    }

    private (bool, string) Judge(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null) return (false, "no certificate");
        using var cert = new X509Certificate2(certificate);
        if (policy.PinSha256 is { } pin)
        {
            var actual = Convert.ToHexString(SHA256.HashData(cert.RawData));
            return actual == pin ? (true, "") : (false, $"fingerprint {actual} is not the pinned {pin}");
        }
        if (policy.CaFile is { } caFile)
        {
            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return (false, "name mismatch");
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(caFile);
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(roots);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return custom.Build(cert)
                ? (true, "")
                : (false, "not issued by the operator's CA: " + string.Join(", ", custom.ChainStatus.Select(s => s.Status)));
        }
        return errors == SslPolicyErrors.None ? (true, "") : (false, errors.ToString());
    }
}
