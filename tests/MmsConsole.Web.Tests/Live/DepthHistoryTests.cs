using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MmsConsole.Web.Live;
using MmsGateway.Relay.Hosting;
using MmsGateway.Testing;

namespace MmsConsole.Web.Tests.Live;

/// <summary>The depth chart's file: every tenth second's largest depth, read back after a restart.</summary>
public sealed class DepthHistoryTests
{
    [Fact]
    public void Every_tenth_second_is_written_with_the_largest_depth_of_the_ten_and_read_back_oldest_first()
    {
        using var dir = new TempDir();
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero));
        var options = Options.Create(new RelayOptions { DataDirectory = dir.Path });
        using (var history = new DepthHistory(options, clock, NullLogger<DepthHistory>.Instance))
            for (var i = 0; i < 30; i++)
            {
                history.Add(new DepthPoint(clock.GetUtcNow(), i == 3 ? 500 : i, 1, 2, 0.5, 1.25));
                clock.Advance(TimeSpan.FromSeconds(1));
            }

        using var reopened = new DepthHistory(options, clock, NullLogger<DepthHistory>.Instance);
        var points = reopened.Load(clock.GetUtcNow().AddHours(-1));

        Assert.Equal([500, 19, 29], points.Select(p => p.Messages));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 3, 0, 9, TimeSpan.Zero), points[0].At);
        Assert.Equal((1, 2, 0.5, 1.25), (points[0].Deferred, points[0].Held, points[0].InPerSecond, points[0].OutPerSecond));
        Assert.Empty(reopened.Load(clock.GetUtcNow().AddSeconds(1)));
    }
}
