namespace MmsGateway.Relay.Mm4;

/// <summary>One thing the lint noticed. An <see cref="Info"/> finding is shown, never counted or refused.</summary>
public sealed record LintFinding(string Rule, string Text, bool Info = false)
{
    public override string ToString() => $"{Rule}: {Text}";
}
