using TweetPlatform.PushGateway.Apis;
using TweetPlatform.PushGateway.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

// Behind the YARP gateway the client's address comes from X-Forwarded-For, believed from trusted proxies only
// (ForwardedHeaders:KnownNetworks / KnownProxies, and loopback).
app.UseForwardedHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapUpdatesApi();

app.Run();
