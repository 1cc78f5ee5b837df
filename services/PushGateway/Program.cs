using TweetPlatform.PushGateway.Apis;
using TweetPlatform.PushGateway.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapUpdatesApi();

app.Run();
