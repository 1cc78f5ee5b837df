using System.Globalization;

namespace TweetPlatform.Benchmark;

/// <summary>Percentiles of a sample and median/spread of repeated runs, formatted for the report.</summary>
public static class Stats
{
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static (double Median, double Min, double Max) Spread(IEnumerable<double> runs)
    {
        var sorted = runs.Order().ToList();
        return (sorted[sorted.Count / 2], sorted[0], sorted[^1]);
    }

    public static string N0(double value) => double.IsNaN(value) ? "n/a" : value.ToString("N0", CultureInfo.InvariantCulture);

    public static string N1(double value) => double.IsNaN(value) ? "n/a" : value.ToString("N1", CultureInfo.InvariantCulture);

    public static string Runs(IEnumerable<double> runs)
    {
        var (median, min, max) = Spread(runs);
        return $"{N0(median)} ({N0(min)}–{N0(max)})";
    }
}
