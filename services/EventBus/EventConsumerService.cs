using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace TweetPlatform.EventBus;

/// <summary>
/// The consume loop with handlers per event type: a subclass subscribes its handlers in <see cref="Subscribe"/> and
/// the loop reads each record with its registered contract and gives it to the handler of its type. Subscribes to
/// the handled topics unless <see cref="KafkaConsumerService{TKey,TValue}.StartConsuming"/> is overridden.
/// </summary>
public abstract class EventConsumerService : KafkaConsumerService<string, byte[]>
{
    private readonly EventRegistry _registry;
    private EventSubscriptions? _subscriptions;

    protected EventConsumerService(IConsumer<string, byte[]> consumer, DeadLetterPublisher deadLetters, EventRegistry registry,
        TimeProvider time, ILogger logger) : base(consumer, deadLetters, time, logger) => _registry = registry;

    /// <summary>The handled topics, as subscribed.</summary>
    protected IReadOnlyList<string> SubscribedTopics => Subscriptions.Topics;

    // Made on first use (on the consume thread), not in the constructor: Subscribe is the subclass's.
    private EventSubscriptions Subscriptions
    {
        get
        {
            if (_subscriptions is null)
            {
                _subscriptions = new EventSubscriptions(_registry);
                Subscribe(_subscriptions);
            }
            return _subscriptions;
        }
    }

    protected abstract void Subscribe(EventSubscriptions on);

    /// <summary>
    /// Whether an unreadable record is skipped instead of dead-lettered: true for history read again, whose
    /// poison records were dead-lettered when first consumed.
    /// </summary>
    protected virtual bool SkipsUnreadable(ConsumeResult<string, byte[]> result) => false;

    protected override void StartConsuming(IConsumer<string, byte[]> consumer, CancellationToken stoppingToken) =>
        consumer.Subscribe(SubscribedTopics);

    protected sealed override async ValueTask HandleAsync(ConsumeResult<string, byte[]> result, CancellationToken cancellationToken)
    {
        try
        {
            await Subscriptions.DispatchAsync(result, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or PoisonMessageException && SkipsUnreadable(result))
        {
        }
    }
}
