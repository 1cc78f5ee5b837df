using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace TweetPlatform.PushGateway.Streaming;

/// <summary>
/// Streams one client's queue as <c>text/event-stream</c> until the client goes away, the server
/// disconnects it, or the host stops. Idle streams get keep-alive comments.
/// </summary>
public sealed class SseStreamResult(SseClient client, SseBroadcaster broadcaster, PushGatewayOptions options, TimeProvider time) : IResult
{
    internal static readonly ActivitySource Source = new("TweetPlatform.PushGateway");

    public async Task ExecuteAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-transform";
        // Tells nginx-style proxies not to buffer the stream.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var aborted = context.RequestAborted;
        var connection = Activity.Current?.Context ?? default;
        try
        {
            await response.Body.WriteAsync(SseFrame.Retry(options.ReconnectDelayMilliseconds), aborted);
            await response.Body.FlushAsync(aborted);

            var waitForFrame = client.Frames.WaitToReadAsync(aborted).AsTask();
            while (true)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                var keepAlive = Task.Delay(options.KeepAliveInterval, time, idle.Token);
                var first = await Task.WhenAny(waitForFrame, keepAlive);
                await idle.CancelAsync();
                if (first == keepAlive)
                {
                    await response.Body.WriteAsync(SseFrame.KeepAlive, aborted);
                    await response.Body.FlushAsync(aborted);
                    continue;
                }
                if (!await waitForFrame)
                {
                    break; // Disconnected by the server.
                }
                while (client.Frames.TryRead(out var frame))
                {
                    await WriteAsync(response, frame, connection, aborted);
                }
                await response.Body.FlushAsync(aborted);
                waitForFrame = client.Frames.WaitToReadAsync(aborted).AsTask();
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The browser went away.
        }
        finally
        {
            broadcaster.Disconnect(client);
        }
    }

    private async Task WriteAsync(HttpResponse response, SseFrame frame, ActivityContext connection, CancellationToken aborted)
    {
        // A span per write, child of the Kafka message's processing, linked to the client's connection.
        using var activity = Source.StartActivity($"sse send {frame.EventType}", ActivityKind.Producer, frame.Parent,
            links: connection == default ? null : [new ActivityLink(connection)]);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("sse.event.type", frame.EventType);
            activity.SetTag("sse.event.id", frame.Id);
            activity.SetTag("sse.client.id", client.Id);
        }
        await response.Body.WriteAsync(frame.Bytes, aborted);
    }
}
