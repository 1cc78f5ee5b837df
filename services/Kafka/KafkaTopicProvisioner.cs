using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TweetPlatform.Kafka;

/// <summary>Options for <see cref="KafkaTopicProvisioner"/> (config section <c>Kafka:Topics</c>).</summary>
public sealed class KafkaTopicProvisioningOptions
{
    public const string SectionName = "Kafka:Topics";

    /// <summary>Create missing topics at start-up. Off where an operator or the embedded broker owns topics.</summary>
    public bool Provision { get; set; } = true;

    /// <summary>-1 takes the broker's default.</summary>
    public short ReplicationFactor { get; set; } = -1;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public List<(string Name, int Partitions, IReadOnlyDictionary<string, string>? Config)> Topics { get; } = [];
}

/// <summary>
/// Creates the topics a service needs with their partition counts before the service starts, so a
/// broker with auto-creation does not make them with one partition. Tolerates brokers that cannot
/// create topics (a managed cluster without rights, the embedded development broker): it warns and
/// goes on, as the topics may well exist.
/// </summary>
internal sealed class KafkaTopicProvisioner(
    IOptions<KafkaTopicProvisioningOptions> options,
    KafkaConnection connection,
    ILogger<KafkaTopicProvisioner> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Provision || settings.Topics.Count == 0)
        {
            return;
        }
        using var admin = connection.CreateAdminClient();
        try
        {
            var existing = (await Task.Run(() => admin.GetMetadata(settings.Timeout), cancellationToken).ConfigureAwait(false))
                .Topics.Where(t => t.Error.Code == ErrorCode.NoError).Select(t => t.Topic).ToHashSet(StringComparer.Ordinal);
            var missing = settings.Topics.Where(t => !existing.Contains(t.Name))
                .Select(t => new TopicSpecification
                {
                    Name = t.Name,
                    NumPartitions = t.Partitions,
                    ReplicationFactor = settings.ReplicationFactor,
                    Configs = t.Config?.ToDictionary() ?? [],
                })
                .ToList();
            if (missing.Count == 0)
            {
                return;
            }
            await admin.CreateTopicsAsync(missing, new CreateTopicsOptions { RequestTimeout = settings.Timeout, OperationTimeout = settings.Timeout })
                .ConfigureAwait(false);
            logger.LogInformation("Created Kafka topics {Topics}", string.Join(", ", missing.Select(t => t.Name)));
        }
        catch (CreateTopicsException ex) when (ex.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // Another instance created them first.
        }
        catch (KafkaException ex)
        {
            logger.LogWarning("Could not provision Kafka topics ({Reason}); assuming they exist", ex.Error.Reason);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
