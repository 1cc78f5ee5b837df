using TweetPlatform.Ingest.Apis;
using TweetPlatform.Ingest.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapTweetIngestApi();

app.Run();
