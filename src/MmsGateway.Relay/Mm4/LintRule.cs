namespace MmsGateway.Relay.Mm4;

/// <summary>The lint's rules, by the name metrics, the console and reject replies use.</summary>
public static class LintRule
{
    public const string MissingHeader = "missing-header";
    public const string Version = "version-format";
    public const string PlmnPlus = "plmn-no-plus";
    public const string PlmnDigits = "plmn-non-digit";
    public const string PlmnLength = "plmn-too-long";
    public const string TypeCase = "type-not-upper-case";
    public const string SenderDomain = "sender-domain";
    public const string Size = "over-agreed-size";
    public const string AckWithoutReturn = "ack-without-return-address";
    public const string ResWithoutStatus = "res-without-status";
    public const string UnknownType = "unknown-message-type";
    public const string UnqualifiedTo = "unqualified-to";

    public static readonly IReadOnlyList<string> All =
        [MissingHeader, Version, PlmnPlus, PlmnDigits, PlmnLength, TypeCase, SenderDomain, Size, AckWithoutReturn, ResWithoutStatus, UnknownType];
}
