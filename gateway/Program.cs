using TweetPlatform.Gateway.Extensions;
using TweetPlatform.Gateway.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSecurityHeaders();
app.UseRateLimiter();
app.MapDefaultEndpoints();
app.MapReverseProxy();
app.MapSpa();

app.Run();
