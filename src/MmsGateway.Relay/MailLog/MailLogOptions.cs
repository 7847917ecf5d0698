namespace MmsGateway.Relay.MailLog;

/// <summary>Gateway:MailLog: the persistent log in sendmail's form (data/log/maillog).</summary>
public sealed class MailLogOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Where maillog and its rotated files live; empty: &lt;DataDirectory&gt;/log.</summary>
    public string Directory { get; set; } = "";

    /// <summary>The live file is rotated past this size, and at the first write of a new UTC day.</summary>
    public long MaxFileSize { get; set; } = 100L * 1024 * 1024;

    /// <summary>Rotated files older than this are deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Lines are written in one batch this often: what a crash of the machine (not of the process) may lose.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(200);
}
