namespace TweetPlatform.Benchmark;

/// <summary>How long and how hard each measurement runs (<c>--quick</c> shrinks everything for a smoke run).</summary>
public sealed record BenchmarkSettings
{
    public required string Command { get; init; }
    public int Runs { get; init; } = 3;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public int Connections { get; init; } = 64;
    public int BatchSize { get; init; } = 500;
    public int LatencyClients { get; init; } = 100;
    public IReadOnlyList<int> LatencyRates { get; init; } = [100, 1_000, 5_000];
    public IReadOnlyList<int> FanOutClients { get; init; } = [1_000, 2_500, 5_000];
    public int FanOutEventsPerSecond { get; init; } = 10;
    public TimeSpan FanOutIdleHold { get; init; } = TimeSpan.Zero;
    public int AnalyticsTweets { get; init; } = 50_000;
    public int ColdStartRate { get; init; } = 100;
    public int QueryCostTweets { get; init; } = 20_000;
    public int LiveQueries { get; init; } = 20;
    public int LiveQueryRate { get; init; } = 1_000;
}
