namespace TweetPlatform.Analytics.Queries.Language;

/// <summary>What a query may be, so a hostile one is refused before it costs anything.</summary>
public static class QueryLimits
{
    public const int MaxLength = 2_000;
    public const int MaxTokens = 400;
    public const int MaxDepth = 16;
    public const int MaxIdentifierLength = 64;
    public const int MaxStringLength = 200;
    public const int MaxSelectItems = 20;
    public const int MaxGroupBy = 4;
    public const int MaxInList = 50;
    public const int MaxTopK = 50;
    public static readonly TimeSpan MinWindow = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(24);

    /// <summary>Hopping windows an event is in at most (size ÷ advance): each is a state entry per group.</summary>
    public const int MaxWindowsPerEvent = 60;
}
