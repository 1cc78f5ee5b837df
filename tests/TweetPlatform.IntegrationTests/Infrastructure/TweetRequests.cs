using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TweetPlatform.IntegrationTests.Infrastructure;

/// <summary>Builds and sends ingest requests the way webhook callers do.</summary>
public static class TweetRequests
{
    public const string SecretHeader = "X-Webhook-Secret";

    public static string UniqueId() => Random.Shared.NextInt64(1_000_000_000_000_000, long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An IFTTT body as the applet sends it: raw newline inside the text, PascalCase ingredients.</summary>
    public static string IftttBody(string statusId, string text, string user = "duke") =>
        "{\"Text\":\"" + text + "\",\"UserName\":\"" + user + "\",\"UserImageUrl\":\"https://example.com/u.png\"," +
        "\"CreatedAt\":\"April 17, 2017 at 01:39PM\",\"LinkToTweet\":\"http://twitter.com/" + user + "/status/" + statusId + "\",\"FirstLinkUrl\":\"\"}";

    public static HttpRequestMessage Ifttt(Uri gateway, string secret, string body, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, $"/api/webhooks/ifttt?secret={Uri.EscapeDataString(secret)}"))
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return request;
    }

    public static HttpRequestMessage Tweet(Uri gateway, string secret, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, "/api/tweets")) { Content = JsonContent.Create(body) };
        request.Headers.Add(SecretHeader, secret);
        return request;
    }

    public static HttpRequestMessage RawTweet(Uri gateway, string? secret, string body, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, "/api/tweets"))
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (secret is not null)
        {
            request.Headers.Add(SecretHeader, secret);
        }
        return request;
    }

    /// <summary><c>/api/tweets/{id}/likes</c> as a viewer (POST likes, DELETE unlikes, GET reads the count); the id is sent as given, valid or not.</summary>
    public static HttpRequestMessage Likes(HttpMethod method, Uri gateway, string tweetId, string viewer)
    {
        var request = new HttpRequestMessage(method, new Uri(gateway, $"/api/tweets/{tweetId}/likes"));
        request.Headers.TryAddWithoutValidation("X-Viewer-Id", viewer);
        return request;
    }

    public static async Task<string> AcceptedIdAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"Expected 202, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["id"]!.GetValue<string>();
    }

    public static JsonElement Json(string data) => JsonDocument.Parse(data).RootElement;

    /// <summary>The tweet an event is about; null for events about no single tweet (e.g. analytics findings).</summary>
    public static string? TweetIdOf(SseMessage message) =>
        Json(message.Data).TryGetProperty("tweetId", out var id) ? id.GetString() : null;
}
