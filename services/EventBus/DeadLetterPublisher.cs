using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using TweetPlatform.Kafka;

namespace TweetPlatform.EventBus;

/// <summary>
/// Publishes a message no handler could process to the dead-letter topic: the original key, value and
/// headers, plus headers saying where it came from and why it was rejected. Raw bytes, so even a
/// message whose key or value could not be deserialized is kept.
/// </summary>
public sealed class DeadLetterPublisher(
    Lazy<IProducer<byte[]?, byte[]?>> producer,
    IOptions<DeadLetterOptions> options,
    ILogger<DeadLetterPublisher> logger) : IDisposable
{
    public const string ReasonHeader = "dlq.reason";
    public const string SourceTopicHeader = "dlq.source.topic";
    public const string SourcePartitionHeader = "dlq.source.partition";
    public const string SourceOffsetHeader = "dlq.source.offset";
    public const string ConsumerGroupHeader = "dlq.consumer.group";

    public string Topic => options.Value.Topic;

    public async Task PublishAsync(TopicPartitionOffset source, byte[]? key, byte[]? value, Headers? originalHeaders,
        string reason, string? consumerGroup, CancellationToken cancellationToken)
    {
        var headers = new Headers();
        if (originalHeaders is not null)
        {
            foreach (var header in originalHeaders)
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }
        headers.Add(ReasonHeader, Encoding.UTF8.GetBytes(reason));
        headers.Add(SourceTopicHeader, Encoding.UTF8.GetBytes(source.Topic));
        headers.Add(SourcePartitionHeader, Encoding.UTF8.GetBytes(source.Partition.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add(SourceOffsetHeader, Encoding.UTF8.GetBytes(source.Offset.Value.ToString(CultureInfo.InvariantCulture)));
        if (consumerGroup is not null)
        {
            headers.Add(ConsumerGroupHeader, Encoding.UTF8.GetBytes(consumerGroup));
        }

        await producer.Value.ProduceAsync(Topic, new Message<byte[]?, byte[]?> { Key = key, Value = value, Headers = headers }, cancellationToken)
            .ConfigureAwait(false);
        KafkaTelemetry.DeadLetteredMessages.Add(1, KafkaTelemetry.Tags(source.Topic));
        logger.LogWarning("Dead-lettered {Source} to {Topic}: {Reason}", source, Topic, reason);
    }

    public void Dispose()
    {
        if (producer.IsValueCreated)
        {
            producer.Value.Flush(TimeSpan.FromSeconds(5));
            producer.Value.Dispose();
        }
    }
}
