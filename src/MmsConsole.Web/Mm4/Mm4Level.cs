namespace MmsConsole.Web.Mm4;

/// <summary>How a partner's MM4 answers look over the alert window: what the chip's colour says beside
/// its status and its delivery health (issue 14: SMTP 250 and stat=Sent hide a refusing MMSC).</summary>
public enum Mm4Level
{
    /// <summary>Nothing to judge: too few forwards due an answer in the window.</summary>
    Quiet,
    Good,
    Warning,
    Critical,
}
