using TweetPlatform.Contracts;

namespace TweetPlatform.IntegrationTests.Infrastructure;

/// <summary>A conference's all-time tweet total as analytics published it (the newest in <c>tweet-counts.v1</c>).</summary>
public static class AnalyticsTotals
{
    /// <summary>Waits until the total satisfies <paramref name="condition"/>, and returns it.</summary>
    public static async Task<long> WaitForAsync(string bootstrapServers, string conference, Func<long, bool> condition, TimeSpan timeout)
    {
        long total = 0;
        await Eventually.TrueAsync(() =>
        {
            total = KafkaTopicReader.ReadAll(bootstrapServers, Topics.TweetCounts)
                .Select(m => TweetRequests.Json(System.Text.Encoding.UTF8.GetString(m.Message.Value)))
                .Where(j => j.GetProperty("conference").GetString() == conference)
                .Select(j => j.GetProperty("total").GetInt64())
                .DefaultIfEmpty(0).Max();
            return condition(total);
        }, $"the analytics total of {conference}", timeout, TimeSpan.FromMilliseconds(200));
        return total;
    }
}
