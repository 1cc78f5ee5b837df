using Microsoft.Extensions.DependencyInjection;
using TweetPlatform.AppHost.Settings;

namespace TweetPlatform.AppHost.Kafka;

/// <summary>The <c>kafka</c> resource every service references, from where the settings say.</summary>
internal static class KafkaResourceExtensions
{
    public static IResourceBuilder<IResourceWithConnectionString> AddPlatformKafka(this IDistributedApplicationBuilder builder, PlatformSettings settings)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            // A real cluster's bootstrap servers, supplied at deployment (ConnectionStrings__kafka).
            return builder.AddConnectionString(ResourceNames.Kafka);
        }
        return settings.KafkaMode switch
        {
            KafkaMode.Container => builder.AddContainerKafka(),
            _ => builder.AddEmbeddedKafka(settings),
        };
    }

    private static IResourceBuilder<IResourceWithConnectionString> AddEmbeddedKafka(this IDistributedApplicationBuilder builder, PlatformSettings settings)
    {
        var bootstrap = new BootstrapFileValue(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tweetplatform",
            $"kafka-{Environment.ProcessId}-{Guid.NewGuid():N}.bootstrap"));
        var healthCheck = $"{ResourceNames.KafkaBroker}-accepts-connections";
        builder.Services.AddHealthChecks().AddCheck(healthCheck, new EmbeddedBrokerHealthCheck(bootstrap));
        var broker = builder.AddProject<Projects.TweetPlatform_DevKafka>(ResourceNames.KafkaBroker)
            .WithArgs("--bootstrap-file", bootstrap.Path, "--data-dir", settings.KafkaDataPath)
            .WithArgs(context =>
            {
                if (settings.KafkaStartEmpty)
                {
                    context.Args.Add("--start-empty");
                }
            })
            .WithHealthCheck(healthCheck);
        return builder.AddConnectionString(ResourceNames.Kafka, ReferenceExpression.Create($"{bootstrap}"))
            .WaitFor(broker);
    }

    private static IResourceBuilder<IResourceWithConnectionString> AddContainerKafka(this IDistributedApplicationBuilder builder)
    {
#if ASPIRE_HOSTING_KAFKA
        return builder.AddKafka(ResourceNames.Kafka)
            .WithKafkaUI()
            .WithDataVolume();
#else
        throw new InvalidOperationException(ContainerKafkaPrerequisites.PackageMissing);
#endif
    }
}
