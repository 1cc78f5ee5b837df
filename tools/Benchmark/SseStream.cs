using System.Net.Http.Headers;

namespace TweetPlatform.Benchmark;

/// <summary>Opens an SSE stream as a browser does (Accept: text/event-stream), for the benchmark's readers.</summary>
public static class SseStream
{
    /// <summary>The response (dispose it to close the stream) and its body, once the headers say 2xx.</summary>
    public static async Task<(HttpResponseMessage Response, Stream Body)> OpenAsync(HttpClient http, Uri url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return (response, await response.Content.ReadAsStreamAsync());
    }
}
