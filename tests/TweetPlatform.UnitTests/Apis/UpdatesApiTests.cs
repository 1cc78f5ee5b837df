using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using TweetPlatform.PushGateway.Apis;
using TweetPlatform.PushGateway.Extensions;

namespace TweetPlatform.UnitTests.Apis;

/// <summary>
/// Push-gateway's stream endpoint in-process: 400 for a conference filter it cannot take, and 503 with Retry-After
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

    [Fact]
    public async Task Before_its_history_is_replayed_a_stream_gets_503_with_retry_after()
    {
        var problem = await Http.ProblemAsync(new HttpRequestMessage(HttpMethod.Get, "/api/updates"), HttpStatusCode.ServiceUnavailable);
        Assert.Contains("replaying", problem.GetProperty("detail").GetString());
    }
}
