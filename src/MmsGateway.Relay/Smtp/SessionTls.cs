namespace MmsGateway.Relay.Smtp;

/// <summary>What a session needs for STARTTLS: its listener's mode and the server certificate.</summary>
internal sealed record SessionTls(StartTlsMode Mode, TlsCertificateSource Certificate)
{
    public bool Offered => Mode != StartTlsMode.None && Certificate.Configured;
}
