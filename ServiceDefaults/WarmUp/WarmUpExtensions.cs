using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TweetPlatform.ServiceDefaults.WarmUp;

namespace Microsoft.Extensions.Hosting;

public static class WarmUpExtensions
{
    /// <summary>
    /// Adds <typeparamref name="TWarmUp"/> to the warm-ups run at start, and (once) the readiness check <c>warm-up</c>
    /// that waits for them.
    /// </summary>
    public static IHostApplicationBuilder AddWarmUp<TWarmUp>(this IHostApplicationBuilder builder) where TWarmUp : class, IWarmUp
    {
        builder.Services.AddSingleton<IWarmUp, TWarmUp>();
        if (builder.Services.Any(s => s.ServiceType == typeof(WarmUpService)))
        {
            return builder;
        }
        builder.Services.AddValidatedOptions<WarmUpOptions>(WarmUpOptions.SectionName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<WarmUpRequestMark>();
        builder.Services.AddSingleton<WarmUpService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<WarmUpService>());
        builder.Services.AddHealthChecks().AddCheck<WarmUpService>("warm-up", tags: ["ready"]);
        return builder;
    }
}
