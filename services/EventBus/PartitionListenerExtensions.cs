using Confluent.Kafka;

namespace TweetPlatform.EventBus;

public static class PartitionListenerExtensions
{
    /// <summary>Sends the consumer's assign, revoke and lost events to one listener.</summary>
    public static ConsumerBuilder<TKey, TValue> SetPartitionListener<TKey, TValue>(this ConsumerBuilder<TKey, TValue> builder,
        IPartitionListener<TKey, TValue> listener) =>
        builder.SetPartitionListener(() => listener);

    /// <summary>
    /// As <see cref="SetPartitionListener{TKey,TValue}(ConsumerBuilder{TKey,TValue},IPartitionListener{TKey,TValue})"/>, with the
    /// listener resolved at the first event: for a consume loop that is its own listener and needs the consumer being built.
    /// </summary>
    public static ConsumerBuilder<TKey, TValue> SetPartitionListener<TKey, TValue>(this ConsumerBuilder<TKey, TValue> builder,
        Func<IPartitionListener<TKey, TValue>> listener)
    {
        var resolved = new Lazy<IPartitionListener<TKey, TValue>>(listener);
        return builder
            .SetPartitionsAssignedHandler((consumer, assigned) => resolved.Value.OnAssigned(consumer, assigned))
            .SetPartitionsRevokedHandler((_, revoked) => resolved.Value.OnRevoked(revoked))
            .SetPartitionsLostHandler((_, lost) => resolved.Value.OnLost(lost));
    }
}
