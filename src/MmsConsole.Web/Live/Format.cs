namespace MmsConsole.Web.Live;

/// <summary>How the console writes ages and times: short, and the same on every page.</summary>
public static class Format
{
    public static string Age(TimeSpan age) =>
        age.TotalDays >= 1 ? $"{(int)age.TotalDays}d {age.Hours}h"
        : age.TotalHours >= 1 ? $"{(int)age.TotalHours}h {age.Minutes}m"
        : age.TotalMinutes >= 1 ? $"{age.Minutes}m {age.Seconds}s"
        : $"{Math.Max(0, age.Seconds)}s";

    public static string Age(DateTimeOffset? since, DateTimeOffset now) => since is null ? "–" : Age(now - since.Value);

    public static string Time(DateTimeOffset? t) => t is null ? "–" : t.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'");
}
