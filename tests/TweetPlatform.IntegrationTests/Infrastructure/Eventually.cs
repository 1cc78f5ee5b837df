namespace TweetPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// Polling for a condition that nothing signals (a topic's content, another process's state): re-checks
/// at an interval until it holds, and past the timeout fails with what was still wrong.
/// </summary>
public static class Eventually
{
    /// <summary>Re-checks until <paramref name="check"/> returns null (all good); fails with its last message.</summary>
    public static async Task HoldsAsync(Func<Task<string?>> check, TimeSpan timeout, TimeSpan every)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await check() is { } problem)
        {
            Assert.True(DateTime.UtcNow < deadline, problem);
            await Task.Delay(every);
        }
    }

    public static Task HoldsAsync(Func<string?> check, TimeSpan timeout, TimeSpan every) =>
        HoldsAsync(() => Task.FromResult(check()), timeout, every);

    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan timeout, TimeSpan every) =>
        HoldsAsync(async () => await condition() ? null : $"Timed out waiting until {what}.", timeout, every);

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan timeout, TimeSpan every) =>
        HoldsAsync(() => condition() ? null : $"Timed out waiting until {what}.", timeout, every);
}
