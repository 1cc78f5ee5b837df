using TweetPlatform.Gateway.Extensions;
using TweetPlatform.Gateway.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

// Behind an Ingress or load balancer the client's address (what rate limits count by) comes from X-Forwarded-For,
// believed from trusted proxies only (ForwardedHeaders:KnownNetworks / KnownProxies, and loopback).
app.UseForwardedHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSecurityHeaders();
app.UseRateLimiter();
app.MapDefaultEndpoints();
app.MapReverseProxy();
app.MapSpa();

app.Run();
