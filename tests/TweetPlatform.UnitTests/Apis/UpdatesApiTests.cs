using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using TweetPlatform.PushGateway.Apis;
using TweetPlatform.PushGateway.Extensions;

namespace TweetPlatform.UnitTests.Apis;

/// <summary>
/// Push-gateway's stream endpoint in-process: 400 for a conference or query filter it cannot take, and 503 with Retry-After
/// while it has not replayed its topics (here: never, as no broker answers) instead of a stream that would miss events.
/// </summary>
public sealed class UpdatesApiTests(UpdatesApiTests.Service pushGateway) : IClassFixture<UpdatesApiTests.Service>
{
    /// <summary>One instance for the class: a host with Kafka clients takes seconds to stop without a broker.</summary>
    public sealed class Service : IAsyncLifetime
    {
        public InProcessService Instance { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Instance = await InProcessService.StartAsync("services/PushGateway", new Dictionary<string, string?>(), builder => builder.AddApplicationServices(), app =>
            {
                // As services/PushGateway/Program.cs.
                app.UseExceptionHandler();
                app.UseStatusCodePages();
                app.MapDefaultEndpoints();
                app.MapUpdatesApi();
            });

        public async Task DisposeAsync() => await Instance.DisposeAsync();
    }

    private HttpClient Http => pushGateway.Instance.Http;

    [Fact]
    public async Task A_filter_of_too_many_conferences_gets_400()
    {
        var conferences = string.Join("&", Enumerable.Range(0, 51).Select(i => $"conference=conf{i}"));
        var problem = await Http.ProblemAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/updates?{conferences}"), HttpStatusCode.BadRequest);
        Assert.Contains("50", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_conference_name_over_its_length_gets_400() =>
        await Http.ProblemAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/updates?conference={new string('c', 101)}"), HttpStatusCode.BadRequest);

    [Theory]
    [InlineData("query=q-123")] // not 12 hex digits
    [InlineData("query=q-0123456789AB")] // upper case
    [InlineData("query=q-0123456789ab,x")]
    [InlineData("query=q-0000000000a0,q-0000000000a1,q-0000000000a2,q-0000000000a3,q-0000000000a4,q-0000000000a5,q-0000000000a6,q-0000000000a7,q-0000000000a8,q-0000000000a9,q-0000000000aa")]
    [InlineData("only=everything&query=q-0123456789ab")]
    [InlineData("only=queries")] // only queries, but none named
    public async Task A_query_filter_of_bad_ids_or_more_than_ten_gets_400(string parameter)
    {
        var problem = await Http.ProblemAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/updates?{parameter}"), HttpStatusCode.BadRequest);
        Assert.Equal("Invalid query filter", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Ten_query_ids_are_taken_and_the_stream_is_only_refused_for_its_replay()
    {
        var queries = string.Join("&", Enumerable.Range(0, 10).Select(i => $"query=q-00000000000{i:x}"));
        var problem = await Http.ProblemAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/updates?{queries}"), HttpStatusCode.ServiceUnavailable);
        Assert.Contains("replaying", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Before_its_history_is_replayed_a_stream_gets_503_with_retry_after()
    {
        var problem = await Http.ProblemAsync(new HttpRequestMessage(HttpMethod.Get, "/api/updates"), HttpStatusCode.ServiceUnavailable);
        Assert.Contains("replaying", problem.GetProperty("detail").GetString());
    }
}
