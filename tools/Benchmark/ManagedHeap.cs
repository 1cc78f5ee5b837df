using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace TweetPlatform.Benchmark;

/// <summary>
/// A .NET process's managed heap right after a full blocking collection, read over the runtime's diagnostics port
/// (EventPipe, as <c>dotnet-gcdump</c> does): enabling the GC-heap-collect keyword makes the runtime collect at once,
/// and the heap statistics it reports after that collection are what is live (plus the fragmentation left in it). Unlike
/// resident memory it does not count the GC's slack, whose size depends on the machine's cache.
/// </summary>
public static class ManagedHeap
{
    private const long GcHeapCollectKeyword = 0x800000;

    /// <summary>The bytes in the heap's generations (small, large and pinned objects) after a full collection.</summary>
    public static async Task<long> AfterFullCollectionAsync(int processId, TimeSpan timeout)
    {
        var client = new DiagnosticsClient(processId);
        var provider = new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational,
            (long)ClrTraceEventParser.Keywords.GC | GcHeapCollectKeyword);
        using var session = await client.StartEventPipeSessionAsync([provider], requestRundown: false, circularBufferMB: 64,
            CancellationToken.None);
        var heap = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = Task.Run(() =>
        {
            using var source = new EventPipeEventSource(session.EventStream);
            var induced = false;
            source.Clr.GCStart += start => induced |= start.Depth == 2 && start.Reason is GCReason.Induced or GCReason.InducedNotForced;
            source.Clr.GCHeapStats += stats =>
            {
                if (induced && heap.TrySetResult(stats.GenerationSize0 + stats.GenerationSize1 + stats.GenerationSize2
                    + stats.GenerationSize3 + stats.GenerationSize4))
                {
                    source.StopProcessing();
                }
            };
            source.Process();
        });
        try
        {
            return await heap.Task.WaitAsync(timeout);
        }
        finally
        {
            await session.StopAsync(CancellationToken.None);
            await reading.WaitAsync(timeout).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
