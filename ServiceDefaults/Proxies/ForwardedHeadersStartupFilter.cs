using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace TweetPlatform.ServiceDefaults.Proxies;

/// <summary>
/// Puts the forwarded-headers middleware first in every service's pipeline, once: the client's address (what
/// per-client limits count by) is known before anything else runs, and no service has to remember to ask.
/// </summary>
internal sealed class ForwardedHeadersStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseForwardedHeaders();
        next(app);
    };
}
