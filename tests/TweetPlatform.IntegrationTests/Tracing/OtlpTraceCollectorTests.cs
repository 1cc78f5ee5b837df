using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TweetPlatform.IntegrationTests.Tracing;

public sealed class OtlpTraceCollectorTests
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Decodes_spans_exported_by_the_OpenTelemetry_sdk()
    {
        await using OtlpTraceCollector collector = await OtlpTraceCollector.StartAsync();
        Assert.Matches(@"^http://127\.0\.0\.1:\d+$", collector.Endpoint);

        // A unique source name keeps activities from any other test out of this provider.
        string sourceName = "TweetPlatform.Tests.Otlp." + Guid.NewGuid().ToString("N");
        using var source = new ActivitySource(sourceName);
        using TracerProvider provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(sourceName)
            .ConfigureResource(r => r.AddService("svc-a"))
            .AddOtlpExporter(o =>
            {
                o.Endpoint = new Uri(collector.Endpoint + "/v1/traces");
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
            })
            .Build();

        var linked = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

        // Without an ambient activity the server span is a root, whatever ran earlier on this thread.
        Activity.Current = null;
        Activity parent = source.StartActivity("GET /tweets", ActivityKind.Server)
            ?? throw new InvalidOperationException("The tracer provider did not sample the server span.");
        parent.SetTag("http.request.method", "GET");

        Activity child = source.StartActivity(
                "tweets publish",
                ActivityKind.Producer,
                parent.Context,
                tags:
                [
                    new("messaging.destination.name", "tweets"),
                    new("messaging.batch.message_count", 3),
                    new("tweet.score", 1.5),
                    new("tweet.is_reply", true),
                    new("tweet.tags", new[] { "a", "b" }),
                ],
                links: [new ActivityLink(linked)])
            ?? throw new InvalidOperationException("The tracer provider did not sample the producer span.");
        child.Stop();
        parent.Stop();

        Assert.True(provider.ForceFlush(10_000), "ForceFlush timed out.");

        string traceId = parent.TraceId.ToHexString();
        IReadOnlyList<CollectedSpan> spans = await collector.WaitForSpansAsync(
            all => all.Count(s => s.TraceId == traceId) >= 2, WaitTimeout);

        Assert.Equal(2, spans.Count);
        CollectedSpan server = Assert.Single(spans, s => s.Name == "GET /tweets");
        CollectedSpan producer = Assert.Single(spans, s => s.Name == "tweets publish");

        Assert.Equal("svc-a", server.ServiceName);
        Assert.Equal(SpanKind.Server, server.Kind);
        Assert.Equal(traceId, server.TraceId);
        Assert.Matches("^[0-9a-f]{32}$", server.TraceId);
        Assert.Equal(parent.SpanId.ToHexString(), server.SpanId);
        Assert.Matches("^[0-9a-f]{16}$", server.SpanId);
        Assert.Null(server.ParentSpanId);
        Assert.Equal(new Dictionary<string, string> { ["http.request.method"] = "GET" }, server.Attributes);
        Assert.Empty(server.Links);
        // The exporter sends ticks * 100 ns, so times survive the round trip exactly.
        Assert.Equal(new DateTimeOffset(parent.StartTimeUtc), server.Start);
        Assert.Equal(new DateTimeOffset(parent.StartTimeUtc + parent.Duration), server.End);

        Assert.Equal("svc-a", producer.ServiceName);
        Assert.Equal(SpanKind.Producer, producer.Kind);
        Assert.Equal(traceId, producer.TraceId);
        Assert.Equal(child.SpanId.ToHexString(), producer.SpanId);
        Assert.Equal(server.SpanId, producer.ParentSpanId);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["messaging.destination.name"] = "tweets",
                ["messaging.batch.message_count"] = "3",
                ["tweet.score"] = "1.5",
                ["tweet.is_reply"] = "true",
                ["tweet.tags"] = "[a,b]",
            },
            producer.Attributes);
        SpanLinkInfo link = Assert.Single(producer.Links);
        Assert.Equal(new SpanLinkInfo(linked.TraceId.ToHexString(), linked.SpanId.ToHexString()), link);
        Assert.Equal(new DateTimeOffset(child.StartTimeUtc), producer.Start);
        Assert.Equal(new DateTimeOffset(child.StartTimeUtc + child.Duration), producer.End);
    }

    [Theory]
    [InlineData("0a")] // tag with no length
    [InlineData("0a80")] // length varint cut off
    [InlineData("0a100a")] // resource_spans claims 16 bytes, has 1
    [InlineData("ffffffffffffffffffff7f")] // tag varint longer than 64 bits
    [InlineData("0f")] // wire type 7 does not exist
    [InlineData("0000")] // field number 0
    [InlineData("0c")] // end-group without a start
    [InlineData("0b0801")] // start-group never closed
    [InlineData("09010203")] // fixed64 cut off
    [InlineData("0a09120712050a03010203")] // span trace_id of 3 bytes instead of 16
    [InlineData("0a0b120912070a05626f6f6d21")] // span trace_id of 5 bytes ("boom!")
    [InlineData("48656c6c6f2c20776f726c6421")] // "Hello, world!" as text
    public async Task Rejects_malformed_bodies_with_400_and_keeps_working(string hex)
    {
        await using OtlpTraceCollector collector = await OtlpTraceCollector.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(collector.Endpoint) };

        using HttpResponseMessage rejected = await PostTracesAsync(http, Convert.FromHexString(hex));
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.StartsWith("Malformed", await rejected.Content.ReadAsStringAsync());
        Assert.Empty(collector.Spans);

        using HttpResponseMessage accepted = await PostTracesAsync(http, MinimalRequest("after-garbage"));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        CollectedSpan span = Assert.Single(collector.Spans);
        Assert.Equal("after-garbage", span.Name);
    }

    [Fact]
    public async Task Rejects_corrupt_gzip_and_invalid_utf8_with_400()
    {
        await using OtlpTraceCollector collector = await OtlpTraceCollector.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(collector.Endpoint) };

        // A gzip header followed by a deflate block of the reserved type 3.
        using HttpResponseMessage corruptGzip = await PostTracesAsync(http, [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x07, 0x00], gzipHeader: true);
        Assert.Equal(HttpStatusCode.BadRequest, corruptGzip.StatusCode);

        byte[] badName = Request(
            resource: Resource(("service.name", new ProtoWriter().WriteString(1, "svc"))),
            new ProtoWriter()
                .WriteBytes(1, TraceIdBytes)
                .WriteBytes(2, SpanIdBytes)
                .WriteBytes(5, [0xff, 0xfe]));
        using HttpResponseMessage invalidUtf8 = await PostTracesAsync(http, badName);
        Assert.Equal(HttpStatusCode.BadRequest, invalidUtf8.StatusCode);
        Assert.Empty(collector.Spans);
    }

    [Fact]
    public async Task Decodes_gzip_bodies_with_unknown_fields_and_any_field_order()
    {
        await using OtlpTraceCollector collector = await OtlpTraceCollector.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(collector.Endpoint) };

        // Unknown fields of every wire type, including a (legacy) group, must be skipped, not rejected.
        ProtoWriter unknowns = new ProtoWriter()
            .WriteVarint(900, 123456789)
            .WriteFixed64(901, ulong.MaxValue)
            .WriteBytes(902, [1, 2, 3])
            .WriteFixed32(903, 7)
            .WriteGroup(904, new ProtoWriter().WriteVarint(1, 1).WriteGroup(2, new ProtoWriter().WriteFixed32(3, 3)));

        ProtoWriter span = new ProtoWriter()
            .WriteRaw(unknowns)
            .WriteString(5, "handle tweet") // name before the ids: field order is free
            .WriteVarint(6, 5) // SPAN_KIND_CONSUMER
            .WriteBytes(1, TraceIdBytes)
            .WriteBytes(2, SpanIdBytes)
            .WriteBytes(4, ParentIdBytes)
            .WriteString(3, "vendor=x") // trace_state: ignored
            .WriteFixed32(16, 1) // flags: ignored
            .WriteFixed64(7, 1_700_000_000_123_456_700)
            .WriteFixed64(8, 1_700_000_001_000_000_000)
            .WriteMessage(9, KeyValue("neg", new ProtoWriter().WriteVarint(3, unchecked((ulong)-42L))))
            .WriteMessage(9, KeyValue("bytes", new ProtoWriter().WriteBytes(7, [0xde, 0xad, 0xbe, 0xef])))
            .WriteMessage(9, KeyValue("empty", new ProtoWriter()))
            .WriteMessage(9, KeyValue("no", new ProtoWriter().WriteVarint(2, 0)))
            .WriteMessage(9, KeyValue("pi", new ProtoWriter().WriteFixed64(4, BitConverter.DoubleToUInt64Bits(3.25))))
            .WriteMessage(9, KeyValue("map", new ProtoWriter().WriteMessage(6, new ProtoWriter()
                .WriteMessage(1, KeyValue("k", new ProtoWriter().WriteString(1, "v")))
                .WriteMessage(1, KeyValue("n", new ProtoWriter().WriteVarint(3, 1))))))
            .WriteMessage(11, new ProtoWriter().WriteFixed64(1, 1).WriteString(2, "an event")) // events: ignored
            .WriteMessage(13, new ProtoWriter().WriteBytes(1, LinkTraceIdBytes).WriteBytes(2, LinkSpanIdBytes).WriteString(3, "ts"))
            .WriteMessage(15, new ProtoWriter().WriteVarint(3, 2)); // status: ignored

        // Resource after its scope_spans, plus unknown fields at every level.
        byte[] body = new ProtoWriter()
            .WriteRaw(unknowns)
            .WriteMessage(1, new ProtoWriter()
                .WriteMessage(2, new ProtoWriter()
                    .WriteMessage(1, new ProtoWriter().WriteString(1, "scope").WriteString(2, "1.0"))
                    .WriteMessage(2, span)
                    .WriteRaw(unknowns))
                .WriteString(3, "https://opentelemetry.io/schemas/1.0")
                .WriteMessage(1, Resource(
                    ("service.name", new ProtoWriter().WriteString(1, "svc-gzip")),
                    ("host.name", new ProtoWriter().WriteString(1, "box"))).WriteRaw(unknowns)))
            .ToArray();

        using HttpResponseMessage response = await PostTracesAsync(http, Gzip(body), gzipHeader: true);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());

        CollectedSpan decoded = Assert.Single(collector.Spans);
        Assert.Equal("svc-gzip", decoded.ServiceName);
        Assert.Equal("handle tweet", decoded.Name);
        Assert.Equal(SpanKind.Consumer, decoded.Kind);
        Assert.Equal(Convert.ToHexStringLower(TraceIdBytes), decoded.TraceId);
        Assert.Equal(Convert.ToHexStringLower(SpanIdBytes), decoded.SpanId);
        Assert.Equal(Convert.ToHexStringLower(ParentIdBytes), decoded.ParentSpanId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000).AddTicks(1_234_567), decoded.Start);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_001), decoded.End);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["neg"] = "-42",
                ["bytes"] = "3q2+7w==",
                ["empty"] = "",
                ["no"] = "false",
                ["pi"] = "3.25",
                ["map"] = "{k=v,n=1}",
            },
            decoded.Attributes);
        Assert.Equal([new SpanLinkInfo(Convert.ToHexStringLower(LinkTraceIdBytes), Convert.ToHexStringLower(LinkSpanIdBytes))], decoded.Links);
    }

    [Fact]
    public async Task Waiters_complete_on_the_batch_that_satisfies_them_and_time_out_with_a_dump()
    {
        await using OtlpTraceCollector collector = await OtlpTraceCollector.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(collector.Endpoint) };

        // Registered before anything arrives: it must be completed by the batch itself, not by polling.
        Task<IReadOnlyList<CollectedSpan>> waiting = collector.WaitForSpansAsync(
            all => all.Any(s => s.Name == "second"), WaitTimeout);
        Assert.False(waiting.IsCompleted);

        using (HttpResponseMessage first = await PostTracesAsync(http, MinimalRequest("first")))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        Assert.False(waiting.IsCompleted);
        using (HttpResponseMessage second = await PostTracesAsync(http, MinimalRequest("second")))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        IReadOnlyList<CollectedSpan> seen = await waiting;
        Assert.Equal(["first", "second"], seen.Select(s => s.Name));

        // Also leave a rejection behind: the timeout dump should mention it.
        using (HttpResponseMessage bad = await PostTracesAsync(http, [0x0a]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        TimeoutException timeout = await Assert.ThrowsAsync<TimeoutException>(
            () => collector.WaitForSpansAsync(all => all.Count > 5, TimeSpan.FromMilliseconds(200)));
        Assert.Contains("2 span(s) received", timeout.Message);
        Assert.Contains("service=svc-min name=\"first\" kind=Internal", timeout.Message);
        Assert.Contains($"trace={Convert.ToHexStringLower(TraceIdBytes)}", timeout.Message);
        Assert.Contains($"span={Convert.ToHexStringLower(SpanIdBytes)}", timeout.Message);
        Assert.Contains("parent=(root)", timeout.Message);
        Assert.Contains("Rejected requests (1)", timeout.Message);

        // A condition that is already true completes without any further batch.
        IReadOnlyList<CollectedSpan> immediate = await collector.WaitForSpansAsync(all => all.Count == 2, WaitTimeout);
        Assert.Equal(2, immediate.Count);
    }

    [Fact]
    public async Task Accepts_other_signals_and_rejects_unsupported_requests()
    {
        await using OtlpTraceCollector collector = await OtlpTraceCollector.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(collector.Endpoint) };

        foreach (string path in new[] { "/v1/metrics", "/v1/logs" })
        {
            using var content = new ByteArrayContent([0x0a, 0x00]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            using HttpResponseMessage response = await http.PostAsync(path, content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // An empty request is a valid ExportTraceServiceRequest with no spans.
        using (HttpResponseMessage empty = await PostTracesAsync(http, []))
        {
            Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        }

        using (var json = new StringContent("{}", Encoding.UTF8, "application/json"))
        using (HttpResponseMessage response = await http.PostAsync("/v1/traces", json))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        }

        using (HttpResponseMessage response = await http.GetAsync("/v1/traces"))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        }

        using (HttpResponseMessage response = await http.GetAsync("/elsewhere"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.Empty(collector.Spans);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static readonly byte[] TraceIdBytes = Convert.FromHexString("0102030405060708090a0b0c0d0e0f10");
    private static readonly byte[] SpanIdBytes = Convert.FromHexString("a1a2a3a4a5a6a7a8");
    private static readonly byte[] ParentIdBytes = Convert.FromHexString("b1b2b3b4b5b6b7b8");
    private static readonly byte[] LinkTraceIdBytes = Convert.FromHexString("ffeeddccbbaa99887766554433221100");
    private static readonly byte[] LinkSpanIdBytes = Convert.FromHexString("c1c2c3c4c5c6c7c8");

    private static async Task<HttpResponseMessage> PostTracesAsync(HttpClient http, byte[] body, bool gzipHeader = false)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        if (gzipHeader)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        return await http.PostAsync("/v1/traces", content);
    }

    private static byte[] MinimalRequest(string spanName) => Request(
        Resource(("service.name", new ProtoWriter().WriteString(1, "svc-min"))),
        new ProtoWriter()
            .WriteBytes(1, TraceIdBytes)
            .WriteBytes(2, SpanIdBytes)
            .WriteString(5, spanName)
            .WriteVarint(6, 1)); // SPAN_KIND_INTERNAL

    private static byte[] Request(ProtoWriter resource, ProtoWriter span) => new ProtoWriter()
        .WriteMessage(1, new ProtoWriter()
            .WriteMessage(1, resource)
            .WriteMessage(2, new ProtoWriter().WriteMessage(2, span)))
        .ToArray();

    private static ProtoWriter Resource(params (string Key, ProtoWriter Value)[] attributes)
    {
        var resource = new ProtoWriter();
        foreach ((string key, ProtoWriter value) in attributes)
        {
            resource.WriteMessage(1, KeyValue(key, value));
        }

        return resource;
    }

    private static ProtoWriter KeyValue(string key, ProtoWriter anyValue) =>
        new ProtoWriter().WriteString(1, key).WriteMessage(2, anyValue);

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Tiny protobuf encoder so tests can craft requests the .NET SDK would never send.</summary>
    private sealed class ProtoWriter
    {
        private readonly MemoryStream _buffer = new();

        public ProtoWriter WriteVarint(int field, ulong value)
        {
            Tag(field, 0);
            Varint(value);
            return this;
        }

        public ProtoWriter WriteFixed64(int field, ulong value)
        {
            Tag(field, 1);
            Span<byte> bytes = stackalloc byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
            _buffer.Write(bytes);
            return this;
        }

        public ProtoWriter WriteFixed32(int field, uint value)
        {
            Tag(field, 5);
            Span<byte> bytes = stackalloc byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
            _buffer.Write(bytes);
            return this;
        }

        public ProtoWriter WriteBytes(int field, ReadOnlySpan<byte> value)
        {
            Tag(field, 2);
            Varint((ulong)value.Length);
            _buffer.Write(value);
            return this;
        }

        public ProtoWriter WriteString(int field, string value) => WriteBytes(field, Encoding.UTF8.GetBytes(value));

        public ProtoWriter WriteMessage(int field, ProtoWriter message) => WriteBytes(field, message.ToArray());

        public ProtoWriter WriteGroup(int field, ProtoWriter content)
        {
            Tag(field, 3);
            WriteRaw(content);
            Tag(field, 4);
            return this;
        }

        public ProtoWriter WriteRaw(ProtoWriter other)
        {
            _buffer.Write(other.ToArray());
            return this;
        }

        public byte[] ToArray() => _buffer.ToArray();

        private void Tag(int field, int wireType) => Varint(((ulong)field << 3) | (uint)wireType);

        private void Varint(ulong value)
        {
            while (value >= 0x80)
            {
                _buffer.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }

            _buffer.WriteByte((byte)value);
        }
    }
}
