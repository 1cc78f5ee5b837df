namespace TweetPlatform.Analytics.Queries.Running;

/// <summary>
/// SQL LIKE without regard to case: <c>%</c> any run of characters, <c>_</c> one. Matched by backtracking to the last
/// <c>%</c> only, so the time is at most text × pattern (no regular expression, nothing for a hostile pattern to blow up).
/// </summary>
public static class LikePattern
{
    public static bool Matches(string text, string pattern)
    {
        int t = 0, p = 0, starAt = -1, resumeAt = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '%')
            {
                starAt = p++;
                resumeAt = t;
            }
            else if (p < pattern.Length && (pattern[p] == '_' || char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(text[t])))
            {
                t++;
                p++;
            }
            else if (starAt >= 0)
            {
                p = starAt + 1;
                t = ++resumeAt;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '%')
        {
            p++;
        }
        return p == pattern.Length;
    }
}
