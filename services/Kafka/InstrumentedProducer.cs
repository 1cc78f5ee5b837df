using System.Diagnostics;
using Confluent.Kafka;

namespace TweetPlatform.Kafka;

/// <summary>
/// Wraps a Confluent producer: a <c>send</c> span per message, trace context injected into the
/// headers, and publish metrics. Everything else is passed through untouched.
/// </summary>
public sealed class InstrumentedProducer<TKey, TValue>(IProducer<TKey, TValue> inner, bool tracing, bool metrics)
    : IProducer<TKey, TValue>
{
    public Handle Handle => inner.Handle;
    public string Name => inner.Name;

    public async Task<DeliveryResult<TKey, TValue>> ProduceAsync(string topic, Message<TKey, TValue> message, CancellationToken cancellationToken = default)
    {
        using var activity = Begin(topic, message);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await inner.ProduceAsync(topic, message, cancellationToken).ConfigureAwait(false);
            Complete(activity, result.TopicPartitionOffset, topic, started);
            return result;
        }
        catch (Exception ex)
        {
            Fail(activity, ex);
            throw;
        }
    }

    public async Task<DeliveryResult<TKey, TValue>> ProduceAsync(TopicPartition topicPartition, Message<TKey, TValue> message, CancellationToken cancellationToken = default)
    {
        using var activity = Begin(topicPartition.Topic, message);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await inner.ProduceAsync(topicPartition, message, cancellationToken).ConfigureAwait(false);
            Complete(activity, result.TopicPartitionOffset, topicPartition.Topic, started);
            return result;
        }
        catch (Exception ex)
        {
            Fail(activity, ex);
            throw;
        }
    }

    public void Produce(string topic, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null) =>
        Produce(new TopicPartition(topic, Partition.Any), message, deliveryHandler);

    public void Produce(TopicPartition topicPartition, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null)
    {
        // The span covers the hand-over to librdkafka and ends in the delivery report.
        var activity = Begin(topicPartition.Topic, message);
        var started = Stopwatch.GetTimestamp();
        try
        {
            inner.Produce(topicPartition, message, report =>
            {
                if (report.Error.IsError)
                {
                    Fail(activity, new ProduceException<TKey, TValue>(report.Error, report));
                }
                else
                {
                    Complete(activity, report.TopicPartitionOffset, topicPartition.Topic, started);
                }
                activity?.Dispose();
                deliveryHandler?.Invoke(report);
            });
        }
        catch (Exception ex)
        {
            Fail(activity, ex);
            activity?.Dispose();
            throw;
        }
    }

    private Activity? Begin(string topic, Message<TKey, TValue> message)
    {
        message.Headers ??= [];
        if (!tracing)
        {
            return null;
        }
        var activity = KafkaTelemetry.StartSendActivity(topic, inner.Name);
        // Even without a recorded span, pass on the caller's context so the trace continues.
        var context = activity?.Context ?? Activity.Current?.Context;
        if (context is { } ctx && ctx != default)
        {
            KafkaTelemetry.Inject(ctx, message.Headers);
        }
        if (activity is { IsAllDataRequested: true } && message.Key is string key)
        {
            activity.SetTag("messaging.kafka.message.key", key);
        }
        return activity;
    }

    private void Complete(Activity? activity, TopicPartitionOffset tpo, string topic, long started)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.destination.partition.id", tpo.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetTag("messaging.kafka.offset", tpo.Offset.Value);
        }
        if (metrics)
        {
            var tags = KafkaTelemetry.Tags(topic);
            KafkaTelemetry.PublishedMessages.Add(1, tags);
            KafkaTelemetry.PublishDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    private static void Fail(Activity? activity, Exception ex)
    {
        activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
        activity?.SetTag("error.type", ex is KafkaException kafka ? kafka.Error.Code.ToString() : ex.GetType().FullName);
    }

    public int Poll(TimeSpan timeout) => inner.Poll(timeout);
    public int Flush(TimeSpan timeout) => inner.Flush(timeout);
    public void Flush(CancellationToken cancellationToken = default) => inner.Flush(cancellationToken);
    public void InitTransactions(TimeSpan timeout) => inner.InitTransactions(timeout);
    public void BeginTransaction() => inner.BeginTransaction();
    public void CommitTransaction(TimeSpan timeout) => inner.CommitTransaction(timeout);
    public void CommitTransaction() => inner.CommitTransaction();
    public void AbortTransaction(TimeSpan timeout) => inner.AbortTransaction(timeout);
    public void AbortTransaction() => inner.AbortTransaction();
    public void SendOffsetsToTransaction(IEnumerable<TopicPartitionOffset> offsets, IConsumerGroupMetadata groupMetadata, TimeSpan timeout) =>
        inner.SendOffsetsToTransaction(offsets, groupMetadata, timeout);
    public int AddBrokers(string brokers) => inner.AddBrokers(brokers);
    public void SetSaslCredentials(string username, string password) => inner.SetSaslCredentials(username, password);
    public void Dispose() => inner.Dispose();
}
