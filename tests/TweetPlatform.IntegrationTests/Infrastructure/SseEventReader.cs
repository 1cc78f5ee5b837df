using System.Text;

namespace TweetPlatform.IntegrationTests.Infrastructure;

/// <summary>The event-stream line protocol as a browser's EventSource reads it: event/id/data/retry fields and comments.</summary>
public static class SseEventReader
{
    public sealed record Callbacks(Action<SseMessage> Event, Action<string> Comment, Action<int> Retry);

    /// <summary>Reads until the stream ends (or <paramref name="cancellationToken"/>); failures of the connection propagate.</summary>
    public static async Task ReadAsync(Stream stream, Callbacks on, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string eventType = "message";
        string? id = null;
        var data = new StringBuilder();
        var hasData = false;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (hasData)
                {
                    on.Event(new SseMessage(eventType, id, data.ToString()));
                }
                eventType = "message";
                data.Clear();
                hasData = false;
                continue;
            }
            if (line[0] == ':')
            {
                on.Comment(line[1..].Trim());
                continue;
            }
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }
            switch (field)
            {
                case "event": eventType = value; break;
                case "id": id = value; break;
                case "retry": on.Retry(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)); break;
                case "data":
                    if (hasData)
                    {
                        data.Append('\n');
                    }
                    data.Append(value);
                    hasData = true;
                    break;
            }
        }
    }
}
