using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace TweetPlatform.Gateway.Extensions;

/// <summary>Serves the built SPA: hashed assets cached for a year, index.html never cached, client-side routes fall back to it.</summary>
internal static class SpaExtensions
{
    public static WebApplication MapSpa(this WebApplication app)
    {
        var path = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.ResolveSpaPath();
        if (!File.Exists(Path.Combine(path, "index.html")))
        {
            app.Logger.LogError("No SPA build at {Path}: build the gateway with npm available (or set Gateway:SpaPath)", path);
            app.MapFallback(() => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Web app not built", detail: "The gateway was built without the SPA."));
            return app;
        }

        var files = new PhysicalFileProvider(path);
        var staticFiles = new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers[HeaderNames.CacheControl] = context.File.Name == "index.html"
                    ? "no-cache"
                    : "public, max-age=31536000, immutable";
            },
        };
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(staticFiles);
        // Unknown API paths are API errors, not the page.
        app.MapFallback("/api/{**rest}", () => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found"));
        app.MapFallbackToFile("index.html", staticFiles);
        return app;
    }
}
