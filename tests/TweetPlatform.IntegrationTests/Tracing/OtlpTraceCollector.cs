using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace TweetPlatform.IntegrationTests.Tracing;

/// <summary>OTLP span kinds; numeric values match <c>opentelemetry.proto.trace.v1.Span.SpanKind</c>.</summary>
public enum SpanKind
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}

/// <summary>A span link; ids are lowercase hex (32 and 16 characters).</summary>
public sealed record SpanLinkInfo(string TraceId, string SpanId);

/// <summary>
/// One span as received over OTLP. Ids are lowercase hex (trace 32, span 16 characters);
/// <see cref="ParentSpanId"/> is null for a root span. Attribute values are rendered as strings:
/// strings as is, ints and doubles invariant ("42", "1.5"), bools "true"/"false", byte arrays base64,
/// arrays "[a,b]" and key-value lists "{k=v}".
/// </summary>
public sealed record CollectedSpan(
    string ServiceName,
    string Name,
    SpanKind Kind,
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    IReadOnlyDictionary<string, string> Attributes,
    DateTimeOffset Start,
    DateTimeOffset End,
    IReadOnlyList<SpanLinkInfo> Links);

/// <summary>
/// In-test OTLP/HTTP (protobuf) trace receiver. Service processes under test export to
/// <see cref="Endpoint"/>; tests then wait for the spans they expect with <see cref="WaitForSpansAsync"/>.
/// </summary>
public sealed class OtlpTraceCollector : IAsyncDisposable
{
    private const string ProtobufContentType = "application/x-protobuf";

    // Applies to the decompressed body too, so a gzip bomb cannot exhaust the test host's memory.
    private const int MaxBodyBytes = 32 * 1024 * 1024;

    // AnyValue arrays/kvlists nest recursively; without a cap a hostile body could overflow the stack
    // and take the whole test host down instead of getting a 400.
    private const int MaxAnyValueDepth = 32;

    private readonly object _gate = new();
    private readonly List<CollectedSpan> _received = [];
    private readonly List<Waiter> _waiters = [];
    private readonly List<string> _rejections = [];
    private IReadOnlyList<CollectedSpan> _snapshot = Array.Empty<CollectedSpan>();
    private WebApplication? _app;
    private int _disposed;

    private OtlpTraceCollector()
    {
    }

    /// <summary>Base URL such as <c>http://127.0.0.1:41234</c>, for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>All spans received so far, in arrival order (an immutable snapshot).</summary>
    public IReadOnlyList<CollectedSpan> Spans
    {
        get
        {
            lock (_gate)
            {
                return _snapshot;
            }
        }
    }

    public static async Task<OtlpTraceCollector> StartAsync()
    {
        var collector = new OtlpTraceCollector();

        // The empty builder reads no appsettings/environment (so ASPNETCORE_URLS etc. inherited by the
        // test process cannot move us) and registers no loggers (Kestrel stays quiet in test output).
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            // Port 0: the OS picks a free port, so parallel test runs never collide.
            options.Listen(IPAddress.Loopback, 0);
            options.Limits.MaxRequestBodySize = MaxBodyBytes;
        });

        WebApplication app = builder.Build();
        // A single terminal handler: three fixed paths do not need routing services.
        app.Run(collector.HandleAsync);
        collector._app = app;

        try
        {
            await app.StartAsync().ConfigureAwait(false);
            IServerAddressesFeature addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
            collector.Endpoint = addresses.Addresses.Single().TrimEnd('/');
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return collector;
    }

    /// <summary>
    /// Completes with the current spans once <paramref name="condition"/> holds for them. The condition
    /// is checked now and again after every received batch (it may run on a server thread, so keep it
    /// side-effect free). On timeout throws <see cref="TimeoutException"/> listing everything received.
    /// </summary>
    public async Task<IReadOnlyList<CollectedSpan>> WaitForSpansAsync(
        Func<IReadOnlyList<CollectedSpan>, bool> condition,
        TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        var waiter = new Waiter(condition);
        IReadOnlyList<CollectedSpan> current;
        // Registering and snapshotting under one lock means every batch is seen: either it is in this
        // snapshot, or it is published after registration and re-evaluates this waiter.
        lock (_gate)
        {
            _waiters.Add(waiter);
            current = _snapshot;
        }

        try
        {
            waiter.Evaluate(current);
            return await waiter.Completion.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A batch may have satisfied the condition just as the timer fired; prefer the result.
            if (waiter.Completion.Task.IsCompletedSuccessfully)
            {
                return await waiter.Completion.Task.ConfigureAwait(false);
            }

            throw new TimeoutException(DescribeTimeout(timeout));
        }
        finally
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Waiter[] pending;
        lock (_gate)
        {
            pending = [.. _waiters];
        }

        foreach (Waiter waiter in pending)
        {
            waiter.Completion.TrySetException(new ObjectDisposedException(nameof(OtlpTraceCollector)));
        }

        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        string path = request.Path.Value ?? "";
        bool isTraces = path == "/v1/traces";
        if (!isTraces && path != "/v1/metrics" && path != "/v1/logs")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.Headers.Allow = "POST";
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        if (!isTraces)
        {
            // Other signals are accepted so services exporting them do not log export failures.
            await request.Body.CopyToAsync(Stream.Null, context.RequestAborted).ConfigureAwait(false);
            await WriteSuccessAsync(context).ConfigureAwait(false);
            return;
        }

        if (!IsProtobuf(request.ContentType))
        {
            // We only decode the binary encoding; OTLP/JSON would otherwise surface as a confusing 400.
            await RejectAsync(context, StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type '{request.ContentType}' is not supported; use {ProtobufContentType}.").ConfigureAwait(false);
            return;
        }

        string encoding = request.Headers.ContentEncoding.ToString().Trim();
        bool gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            await RejectAsync(context, StatusCodes.Status415UnsupportedMediaType,
                $"Content-Encoding '{encoding}' is not supported; use gzip or none.").ConfigureAwait(false);
            return;
        }

        List<CollectedSpan> batch;
        try
        {
            byte[] body;
            if (gzip)
            {
                await using var decompressed = new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
                body = await ReadBoundedAsync(decompressed, context.RequestAborted).ConfigureAwait(false);
            }
            else
            {
                body = await ReadBoundedAsync(request.Body, context.RequestAborted).ConfigureAwait(false);
            }

            batch = DecodeExportTraceServiceRequest(body);
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException)
        {
            // InvalidDataException: corrupt gzip stream or over-size body.
            await RejectAsync(context, StatusCodes.Status400BadRequest, ex.Message).ConfigureAwait(false);
            return;
        }

        // Stored before answering, so a successful exporter flush implies the spans are visible here.
        Publish(batch);
        await WriteSuccessAsync(context).ConfigureAwait(false);
    }

    private void Publish(List<CollectedSpan> batch)
    {
        IReadOnlyList<CollectedSpan> snapshot;
        Waiter[] waiters;
        lock (_gate)
        {
            if (batch.Count > 0)
            {
                _received.AddRange(batch);
                // Copy-on-write keeps handed-out snapshots immutable without readers holding the lock.
                _snapshot = Array.AsReadOnly(_received.ToArray());
            }

            snapshot = _snapshot;
            waiters = [.. _waiters];
        }

        // Conditions are caller code: evaluate them outside the lock.
        foreach (Waiter waiter in waiters)
        {
            waiter.Evaluate(snapshot);
        }
    }

    private static Task WriteSuccessAsync(HttpContext context)
    {
        // An empty body is a valid (empty) ExportTraceServiceResponse / Export*ServiceResponse.
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = ProtobufContentType;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    private async Task RejectAsync(HttpContext context, int statusCode, string message)
    {
        lock (_gate)
        {
            _rejections.Add($"{statusCode} {context.Request.Path}: {message}");
        }

        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message, context.RequestAborted).ConfigureAwait(false);
    }

    private static bool IsProtobuf(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        int semicolon = contentType.IndexOf(';');
        ReadOnlySpan<char> mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).AsSpan().Trim();
        return mediaType.Equals(ProtobufContentType, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream source, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new InvalidDataException($"Request body exceeds {MaxBodyBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private string DescribeTimeout(TimeSpan timeout)
    {
        IReadOnlyList<CollectedSpan> spans;
        string[] rejections;
        lock (_gate)
        {
            spans = _snapshot;
            rejections = [.. _rejections];
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Timed out after {timeout} waiting for the expected spans; {spans.Count} span(s) received");
        text.AppendLine(spans.Count == 0 ? "." : " (grouped by trace, in start order):");
        // Grouping by trace and ordering by start makes parent/child chains readable across services.
        foreach (IGrouping<string, CollectedSpan> trace in spans.GroupBy(s => s.TraceId))
        {
            foreach (CollectedSpan span in trace.OrderBy(s => s.Start))
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"  service={span.ServiceName} name=\"{span.Name}\" kind={span.Kind} trace={span.TraceId} span={span.SpanId} parent={span.ParentSpanId ?? "(root)"}");
                text.AppendLine();
            }
        }

        if (rejections.Length > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Rejected requests ({rejections.Length}):");
            foreach (string rejection in rejections)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {rejection}");
            }
        }

        return text.ToString();
    }

    // ---- OTLP decoding. Field numbers from opentelemetry-proto:
    // collector/trace/v1/trace_service.proto, trace/v1/trace.proto, resource/v1/resource.proto,
    // common/v1/common.proto. A known field number with an unexpected wire type is skipped like an
    // unknown field, which is what protobuf parsers do.

    /// <summary>Decodes an <c>ExportTraceServiceRequest</c>; throws <see cref="FormatException"/> if malformed.</summary>
    internal static List<CollectedSpan> DecodeExportTraceServiceRequest(ReadOnlySpan<byte> message)
    {
        var spans = new List<CollectedSpan>();
        var reader = new OtlpProtobufReader(message);
        while (reader.TryReadTag(out int field, out ProtoWireType wireType))
        {
            if (field == 1 && wireType == ProtoWireType.LengthDelimited)
            {
                DecodeResourceSpans(reader.ReadLengthDelimited(), spans);
            }
            else
            {
                reader.SkipField(field, wireType);
            }
        }

        return spans;
    }

    private static void DecodeResourceSpans(ReadOnlySpan<byte> message, List<CollectedSpan> output)
    {
        // Protobuf does not guarantee field order, so the resource (1) is read in a first pass in case
        // it follows the scope_spans (2) it applies to.
        var resourceAttributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new OtlpProtobufReader(message);
        while (reader.TryReadTag(out int field, out ProtoWireType wireType))
        {
            if (field == 1 && wireType == ProtoWireType.LengthDelimited)
            {
                DecodeResource(reader.ReadLengthDelimited(), resourceAttributes);
            }
            else
            {
                reader.SkipField(field, wireType);
            }
        }

        string serviceName = resourceAttributes.GetValueOrDefault("service.name", "");
        reader = new OtlpProtobufReader(message);
        while (reader.TryReadTag(out int field, out ProtoWireType wireType))
        {
            if (field == 2 && wireType == ProtoWireType.LengthDelimited)
            {
                DecodeScopeSpans(reader.ReadLengthDelimited(), serviceName, output);
            }
            else
            {
                reader.SkipField(field, wireType);
            }
        }
    }

    private static void DecodeResource(ReadOnlySpan<byte> message, Dictionary<string, string> attributes)
    {
        var reader = new OtlpProtobufReader(message);
        while (reader.TryReadTag(out int field, out ProtoWireType wireType))
        {
            if (field == 1 && wireType == ProtoWireType.LengthDelimited)
            {
                DecodeKeyValue(reader.ReadLengthDelimited(), attributes);
            }
            else
            {
                reader.SkipField(field, wireType);
            }
        }
    }

    private static void DecodeScopeSpans(ReadOnlySpan<byte> message, string serviceName, List<CollectedSpan> output)
    {
        var reader = new OtlpProtobufReader(message);
        while (reader.TryReadTag(out int field, out ProtoWireType wireType))
        {
            if (field == 2 && wireType == ProtoWireType.LengthDelimited)
            {
                output.Add(DecodeSpan(reader.ReadLengthDelimited(), serviceName));
            }
            else
            {
                reader.SkipField(field, wireType);
            }
        }
    }

    private static CollectedSpan DecodeSpan(ReadOnlySpan<byte> message, string serviceName)
    {
        string? traceId = null;
        string? spanId = null;
        string? parentSpanId = null;
        string name = "";
        var kind = SpanKind.Unspecified;
        ulong startNanos = 0;
        ulong endNanos = 0;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var links = new List<SpanLinkInfo>();

        var reader = new OtlpProtobufReader(message);
        while (reader.TryReadTag(out int field, out ProtoWireType wireType))
        {
            switch (field, wireType)
            {
                case (1, ProtoWireType.LengthDelimited):
                    traceId = ReadId(ref reader, 16, "span trace_id");
                    break;
                case (2, ProtoWireType.LengthDelimited):
                    spanId = ReadId(ref reader, 8, "span span_id");
                    break;
                case (4, ProtoWireType.LengthDelimited):
                    ReadOnlySpan<byte> parent = reader.ReadLengthDelimited();
                    // Empty parent_span_id marks a root span.
                    parentSpanId = parent.Length switch
                    {
                        0 => null,
                        8 => Convert.ToHexStringLower(parent),
                        _ => throw new FormatException($"Malformed OTLP: span parent_span_id has {parent.Length} bytes, expected 0 or 8."),
                    };
                    break;
                case (5, ProtoWireType.LengthDelimited):
                    name = reader.ReadString();
                    break;
                case (6, ProtoWireType.Varint):
                    // Enums are int32 on the wire (negative values sign-extended to 64 bits).
                    kind = (SpanKind)unchecked((int)reader.ReadVarint());
                    break;
                case (7, ProtoWireType.Fixed64):
                    startNanos = reader.ReadFixed64();
                    break;
                case (8, ProtoWireType.Fixed64):
                    endNanos = reader.ReadFixed64();
                    break;
                case (9, ProtoWireType.LengthDelimited):
                    DecodeKeyValue(reader.ReadLengthDelimited(), attributes);
                    break;
                case (13, ProtoWireType.LengthDelimited):
                    links.Add(DecodeLink(reader.ReadLengthDelimited()));
                    break;
                default:
                    // trace_state, flags, events, status, dropped counts: not needed by the tests.
                    reader.SkipField(field, wireType);
                    break;
            }
        }

        return new CollectedSpan(
            serviceName,
            name,
            kind,
            traceId ?? throw new FormatException("Malformed OTLP: span has no trace_id."),
            spanId ?? throw new FormatException("Malformed OTLP: span has no span_id."),
            parentSpanId,
            attributes,
            FromUnixNanos(startNanos),
            FromUnixNanos(endNanos),
            links);
    }

    private static SpanLinkInfo DecodeLink(ReadOnlySpan<byte> message)
    {
        string? traceId = null;
        string? spanId = null;
        var reader = new OtlpProtobufReader(message);
        while (reader.TryReadTag(out int field, out ProtoWireType wireType))
        {
            switch (field, wireType)
            {
                case (1, ProtoWireType.LengthDelimited):
                    traceId = ReadId(ref reader, 16, "link trace_id");
                    break;
                case (2, ProtoWireType.LengthDelimited):
                    spanId = ReadId(ref reader, 8, "link span_id");
                    break;
                default:
                    reader.SkipField(field, wireType);
                    break;
            }
        }

        return new SpanLinkInfo(
            traceId ?? throw new FormatException("Malformed OTLP: link has no trace_id."),
            spanId ?? throw new FormatException("Malformed OTLP: link has no span_id."));
    }

    private static void DecodeKeyValue(ReadOnlySpan<byte> message, Dictionary<string, string> target)
    {
        string key = "";
        string value = "";
        var reader = new OtlpProtobufReader(message);
        while (reader.TryReadTag(out int field, out ProtoWireType wireType))
        {
            switch (field, wireType)
            {
                case (1, ProtoWireType.LengthDelimited):
                    key = reader.ReadString();
                    break;
                case (2, ProtoWireType.LengthDelimited):
                    value = RenderAnyValue(reader.ReadLengthDelimited(), depth: 0);
                    break;
                default:
                    reader.SkipField(field, wireType);
                    break;
            }
        }

        // Keys must be unique per the spec; if a sender repeats one, the last value wins.
        target[key] = value;
    }

    private static string RenderAnyValue(ReadOnlySpan<byte> message, int depth)
    {
        if (depth > MaxAnyValueDepth)
        {
            throw new FormatException($"Malformed OTLP: attribute values nested deeper than {MaxAnyValueDepth} levels.");
        }

        // AnyValue is a oneof: an empty message is an empty value, and the last member on the wire wins.
        string rendered = "";
        var reader = new OtlpProtobufReader(message);
        while (reader.TryReadTag(out int field, out ProtoWireType wireType))
        {
            switch (field, wireType)
            {
                case (1, ProtoWireType.LengthDelimited):
                    rendered = reader.ReadString();
                    break;
                case (2, ProtoWireType.Varint):
                    rendered = reader.ReadVarint() != 0 ? "true" : "false";
                    break;
                case (3, ProtoWireType.Varint):
                    rendered = unchecked((long)reader.ReadVarint()).ToString(CultureInfo.InvariantCulture);
                    break;
                case (4, ProtoWireType.Fixed64):
                    rendered = BitConverter.UInt64BitsToDouble(reader.ReadFixed64()).ToString(CultureInfo.InvariantCulture);
                    break;
                case (5, ProtoWireType.LengthDelimited):
                    rendered = RenderArrayValue(reader.ReadLengthDelimited(), depth + 1);
                    break;
                case (6, ProtoWireType.LengthDelimited):
                    rendered = RenderKeyValueList(reader.ReadLengthDelimited(), depth + 1);
                    break;
                case (7, ProtoWireType.LengthDelimited):
                    rendered = Convert.ToBase64String(reader.ReadLengthDelimited());
                    break;
                default:
                    reader.SkipField(field, wireType);
                    break;
            }
        }

        return rendered;
    }

    private static string RenderArrayValue(ReadOnlySpan<byte> message, int depth)
    {
        var values = new List<string>();
        var reader = new OtlpProtobufReader(message);
        while (reader.TryReadTag(out int field, out ProtoWireType wireType))
        {
            if (field == 1 && wireType == ProtoWireType.LengthDelimited)
            {
                values.Add(RenderAnyValue(reader.ReadLengthDelimited(), depth));
            }
            else
            {
                reader.SkipField(field, wireType);
            }
        }

        return "[" + string.Join(",", values) + "]";
    }

    private static string RenderKeyValueList(ReadOnlySpan<byte> message, int depth)
    {
        var entries = new List<string>();
        var reader = new OtlpProtobufReader(message);
        while (reader.TryReadTag(out int field, out ProtoWireType wireType))
        {
            if (field == 1 && wireType == ProtoWireType.LengthDelimited)
            {
                // Nested KeyValue: key = 1, value = 2, as in DecodeKeyValue.
                ReadOnlySpan<byte> keyValue = reader.ReadLengthDelimited();
                string key = "";
                string value = "";
                var inner = new OtlpProtobufReader(keyValue);
                while (inner.TryReadTag(out int innerField, out ProtoWireType innerWireType))
                {
                    switch (innerField, innerWireType)
                    {
                        case (1, ProtoWireType.LengthDelimited):
                            key = inner.ReadString();
                            break;
                        case (2, ProtoWireType.LengthDelimited):
                            value = RenderAnyValue(inner.ReadLengthDelimited(), depth);
                            break;
                        default:
                            inner.SkipField(innerField, innerWireType);
                            break;
                    }
                }

                entries.Add(key + "=" + value);
            }
            else
            {
                reader.SkipField(field, wireType);
            }
        }

        return "{" + string.Join(",", entries) + "}";
    }

    private static string ReadId(ref OtlpProtobufReader reader, int expectedLength, string what)
    {
        ReadOnlySpan<byte> id = reader.ReadLengthDelimited();
        if (id.Length != expectedLength)
        {
            throw new FormatException($"Malformed OTLP: {what} has {id.Length} bytes, expected {expectedLength}.");
        }

        return Convert.ToHexStringLower(id);
    }

    // 100 ns per tick; ulong.MaxValue / 100 ticks past 1970 still fits in DateTimeOffset, so no overflow.
    private static DateTimeOffset FromUnixNanos(ulong nanos) => DateTimeOffset.UnixEpoch.AddTicks((long)(nanos / 100));

    private sealed class Waiter(Func<IReadOnlyList<CollectedSpan>, bool> condition)
    {
        // Asynchronous continuations so the waiting test never resumes inline on a Kestrel request thread.
        public TaskCompletionSource<IReadOnlyList<CollectedSpan>> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Evaluate(IReadOnlyList<CollectedSpan> spans)
        {
            if (Completion.Task.IsCompleted)
            {
                return;
            }

            try
            {
                if (condition(spans))
                {
                    Completion.TrySetResult(spans);
                }
            }
            catch (Exception ex)
            {
                // A throwing condition is a test bug: fail the wait now rather than hang until the timeout.
                Completion.TrySetException(ex);
            }
        }
    }
}
