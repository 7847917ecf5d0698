namespace MmsGateway.Relay.Smtp;

/// <summary>STARTTLS on one listener (RFC 3207): not offered, offered, or required before MAIL.</summary>
public enum StartTlsMode { None, Offer, Require }
