using Microsoft.Extensions.Options;

namespace MmsConsole.Web.Live;

/// <summary>Console:Alerts checked at start-up: a threshold that can never fire, or always fires, is a typo.</summary>
public sealed class ConsoleOptionsValidator : IValidateOptions<ConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsoleOptions o)
    {
        var errors = new List<string>();
        if (o.DepthAlert < 1) errors.Add("Console:Alerts:DepthAlert must be at least 1");
        if (o.OldestAlert <= TimeSpan.Zero) errors.Add("Console:Alerts:OldestAlert must be more than zero");
        if (o.Mm4Window < TimeSpan.FromMinutes(1) || o.Mm4Window > TimeSpan.FromDays(1)) errors.Add("Console:Alerts:Mm4Window must be between 00:01:00 and 1.00:00:00");
        if (o.Mm4Interval < TimeSpan.FromMilliseconds(100) || o.Mm4Interval > TimeSpan.FromMinutes(10)) errors.Add("Console:Alerts:Mm4Interval must be between 00:00:00.1 and 00:10:00");
        if (o.Mm4MinForwards < 1) errors.Add("Console:Alerts:Mm4MinForwards must be at least 1");
        if (o.Mm4WarningShare is <= 0 or > 1) errors.Add("Console:Alerts:Mm4WarningShare must be more than 0 and at most 1");
        if (o.Mm4CriticalShare is <= 0 or > 1 || o.Mm4CriticalShare < o.Mm4WarningShare)
            errors.Add("Console:Alerts:Mm4CriticalShare must be at most 1 and not below Mm4WarningShare");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
