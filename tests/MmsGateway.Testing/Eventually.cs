using System.Diagnostics;

namespace MmsGateway.Testing;

/// <summary>Waits for a condition with a deadline and a reason; never a fixed sleep.</summary>
public static class Eventually
{
    public static async Task True(Func<bool> condition, TimeSpan within, string reason)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > within) throw new TimeoutException($"after {within.TotalSeconds:0.#} s: {reason}");
            await Task.Delay(20);
        }
    }

    public static async Task True(Func<Task<bool>> condition, TimeSpan within, string reason)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > within) throw new TimeoutException($"after {within.TotalSeconds:0.#} s: {reason}");
            await Task.Delay(20);
        }
    }
}
