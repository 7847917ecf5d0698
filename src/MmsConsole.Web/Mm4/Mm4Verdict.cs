namespace MmsConsole.Web.Mm4;

/// <summary>One partner's MM4 verdict over the alert window, with the figures behind it and the reason in
/// words for the chip's tooltip and the dashboard's banner.</summary>
public sealed record Mm4Verdict(string Partner, Mm4Level Level, string Reason, long Answered, long Errors, long Missing)
{
    public static Mm4Verdict Quiet(string partner) => new(partner, Mm4Level.Quiet, "no MM4 forward due an answer in the window", 0, 0, 0);
}
