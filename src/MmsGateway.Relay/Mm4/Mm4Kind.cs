namespace MmsGateway.Relay.Mm4;

/// <summary>The three MM4 transactions (3GPP TS 23.140 §8.4): each is a REQ answered by a RES.</summary>
public enum Mm4Kind
{
    Forward,
    DeliveryReport,
    ReadReplyReport,
    /// <summary>An X-Mms-Message-Type we do not know; kept raw, never refused for it.</summary>
    Unknown,
}
