namespace TweetPlatform.PushGateway.Sse;

/// <summary>
/// The conferences a client asked for with <c>?conference=</c> (repeated or comma-separated); none
/// means everything. A filtered client gets only events of those conferences: tweets without one and
/// the overall ("*") findings are left out.
/// </summary>
public sealed class ConferenceFilter
{
    public const int MaxConferences = 50;
    public const int MaxNameLength = 100;

    private readonly HashSet<string>? _conferences;

    private ConferenceFilter(HashSet<string>? conferences)
    {
        _conferences = conferences;
        // Upper-invariant, as the set compares (OrdinalIgnoreCase).
        Key = conferences is null ? "" : conferences.Count == 0 ? "(none)" : string.Join(',', conferences.Select(c => c.ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal));
    }

    public static ConferenceFilter All { get; } = new(null);

    /// <summary>No conference at all: what a stream of only live-query results shows of the rest.</summary>
    public static ConferenceFilter None { get; } = new(new HashSet<string>(StringComparer.OrdinalIgnoreCase));

    public bool IsAll => _conferences is null;

    /// <summary>The same for every filter of the same conferences (in any order or case); empty for all.</summary>
    public string Key { get; }

    public IReadOnlyCollection<string> Conferences => (IReadOnlyCollection<string>?)_conferences ?? [];

    public bool Includes(string? conference) => _conferences is null || (conference is not null && _conferences.Contains(conference));

    /// <summary>Parses the query values; an error message for too many or too long names.</summary>
    public static ConferenceFilter Parse(IEnumerable<string?> values, out string? error)
    {
        error = null;
        var names = values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (names.Count == 0)
        {
            return All;
        }
        if (names.Count > MaxConferences)
        {
            error = $"At most {MaxConferences} conferences can be filtered on.";
            return All;
        }
        if (names.FirstOrDefault(n => n.Length > MaxNameLength) is { } tooLong)
        {
            error = $"A conference name is at most {MaxNameLength} characters.";
            return All;
        }
        return new ConferenceFilter(new HashSet<string>(names, StringComparer.OrdinalIgnoreCase));
    }
}
