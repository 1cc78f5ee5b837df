using System.Diagnostics;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace TweetPlatform.PushGateway.Sse;

/// <summary>
/// Streams one client as <c>text/event-stream</c>: first what its <see cref="IFrameSource"/> gives it on
/// attaching (a snapshot, or the frames after its Last-Event-ID), then its queue, until the client goes
/// away or the server disconnects it. Idle streams get keep-alive comments (queued by <see cref="SseKeepAlive"/>); a stream ended by the
/// server gets a spread-out retry delay so its clients do not all come back at once.
/// </summary>
public sealed class SseStreamResult(
    SseClient client, string? lastEventId, IFrameSource frames, SseBroadcaster broadcaster, SseMetrics metrics,
    PushGatewayOptions options, TimeProvider time) : IResult
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
        if (context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
        {
            socket.SendBufferSize = options.StreamBufferBytes;
        }

        var aborted = context.RequestAborted;
        var connection = Activity.Current?.Context ?? default;
        // Cut off as too slow: the connection goes at once, a write stuck on it included.
        client.OnAbort(context.Abort);
        try
        {
            // Attached before the response starts: whatever happens once a client has seen the headers is live.
            var initial = await AttachAsync(aborted);
            await response.Body.WriteAsync(SseFrame.Retry(options.ReconnectDelayMilliseconds), aborted);
            foreach (var frame in initial)
            {
                await WriteAsync(response, frame, connection, live: false, aborted);
            }
            await response.Body.FlushAsync(aborted);

            // Keep-alive comments come through the queue too (SseKeepAlive): waiting needs no timer of its own.
            while (await client.Frames.WaitToReadAsync(aborted))
            {
                while (client.Frames.TryRead(out var frame))
                {
                    if (frame.IsComment)
                    {
                        await response.Body.WriteAsync(frame.Bytes, aborted);
                    }
                    else
                    {
                        await WriteAsync(response, frame, connection, live: true, aborted);
                    }
                }
                await response.Body.FlushAsync(aborted);
            }
            if (client.DisconnectReason == SseShutdown.Reason)
            {
                // Spread the reconnects of every client of this instance over a few retry delays.
                var delay = options.ReconnectDelayMilliseconds + Random.Shared.Next(options.ReconnectDelayMilliseconds * 2);
                await response.Body.WriteAsync(SseFrame.Retry(delay), aborted);
                await response.Body.FlushAsync(aborted);
            }
        }
        catch (Exception ex) when (aborted.IsCancellationRequested && ex is OperationCanceledException or IOException)
        {
            // The browser went away, or the server dropped it.
        }
        finally
        {
            broadcaster.Disconnect(client);
        }
    }

    /// <summary>Attaches the client; a Last-Event-ID from an instance that has read further waits (bounded) for this one to catch up.</summary>
    private async Task<IReadOnlyList<SseFrame>> AttachAsync(CancellationToken aborted)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var waited = time.GetElapsedTime(started);
            if (frames.TryAttach(client, lastEventId, giveUpWaiting: waited >= options.ResumeWaitTimeout) is { } initial)
            {
                return initial;
            }
            using var timeout = new CancellationTokenSource(options.ResumeWaitTimeout - waited, time);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(aborted, timeout.Token);
            try
            {
                await frames.WaitForProgressAsync(either.Token);
            }
            catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
            {
                // Waited long enough: the next attempt gives up and resets the client.
            }
        }
    }

    private async Task WriteAsync(HttpResponse response, SseFrame frame, ActivityContext connection, bool live, CancellationToken aborted)
    {
        // A span for the frame's first write, child of the Kafka message's processing, linked to the client's connection.
        using var activity = frame.Parent == default || !frame.TryTraceWrite() ? null : Source.StartActivity($"sse send {frame.EventType}", ActivityKind.Producer, frame.Parent,
            links: connection == default ? null : [new ActivityLink(connection)]);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("sse.event.type", frame.EventType);
            activity.SetTag("sse.event.id", frame.Id);
            activity.SetTag("sse.client.id", client.Id);
        }
        // A large frame (a snapshot) goes in slices of the stream's buffer size: each write waits while the
        // buffer is full, so a client that stops reading holds a slice of it, not a copy of all of it.
        var bytes = frame.Bytes.AsMemory();
        while (!bytes.IsEmpty)
        {
            var slice = bytes[..Math.Min(bytes.Length, options.StreamBufferBytes)];
            await response.Body.WriteAsync(slice, aborted);
            bytes = bytes[slice.Length..];
        }
        metrics.Sent(frame, time.GetUtcNow(), live);
    }
}
