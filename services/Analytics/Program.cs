using TweetPlatform.Analytics.Apis;
using TweetPlatform.Analytics.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseRateLimiter();
app.MapDefaultEndpoints();
app.MapQueriesApi();

app.Run();
