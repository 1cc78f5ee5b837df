using Confluent.Kafka;

namespace TweetPlatform.EventBus;

/// <summary>
/// The handlers of one consumer, one per event type (eShop's subscriptions): a record is read with its topic's
/// registered contract and given to the handler of that type. The topics to subscribe follow from them.
/// </summary>
public sealed class EventSubscriptions(EventRegistry registry)
{
    private readonly Dictionary<string, Func<ConsumeResult<string, byte[]>, CancellationToken, ValueTask>> _handlers = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Topics => [.. _handlers.Keys];

    /// <summary>Handles every <typeparamref name="TEvent"/> (on the topic the registry gives it).</summary>
    public EventSubscriptions On<TEvent>(Func<TEvent, EventContext, CancellationToken, ValueTask> handler)
    {
        var registration = registry.For<TEvent>();
        if (!_handlers.TryAdd(registration.Topic, (record, cancellationToken) => handler(
                registration.Deserialize(record.Message.Value),
                new EventContext(record.TopicPartitionOffset, record.Message.Key, new DateTimeOffset(record.Message.Timestamp.UtcDateTime, TimeSpan.Zero)),
                cancellationToken)))
        {
            throw new InvalidOperationException($"{typeof(TEvent).Name} has a handler already.");
        }
        return this;
    }

    /// <summary>As <see cref="On{TEvent}(Func{TEvent,EventContext,CancellationToken,ValueTask})"/>, for a handler that completes at once.</summary>
    public EventSubscriptions On<TEvent>(Action<TEvent, EventContext> handler) =>
        On<TEvent>((@event, context, _) =>
        {
            handler(@event, context);
            return ValueTask.CompletedTask;
        });

    /// <exception cref="System.Text.Json.JsonException">The record is not a valid event of its topic's contract.</exception>
    /// <exception cref="PoisonMessageException">No handler takes the record's topic.</exception>
    public ValueTask DispatchAsync(ConsumeResult<string, byte[]> record, CancellationToken cancellationToken) =>
        _handlers.TryGetValue(record.Topic, out var handler)
            ? handler(record, cancellationToken)
            : throw new PoisonMessageException($"No handler for topic {record.Topic}.");
}
