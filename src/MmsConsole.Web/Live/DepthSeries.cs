namespace MmsConsole.Web.Live;

/// <summary>The last hour reduced to at most <c>max</c> points for the chart: each point the largest
/// depth seen in its slice, so that a spike is never averaged away.</summary>
public static class DepthSeries
{
    public static IReadOnlyList<DepthPoint> Downsample(IReadOnlyList<DepthPoint> points, int max)
    {
        if (points.Count <= max) return points;
        var slice = (int)Math.Ceiling(points.Count / (double)max);
        return points.Chunk(slice).Select(b => new DepthPoint(b[0].At, b.Max(p => p.Messages), b.Max(p => p.Deferred), b.Max(p => p.Held),
            b.Max(p => p.InPerSecond), b.Max(p => p.OutPerSecond))).ToList();
    }
}
