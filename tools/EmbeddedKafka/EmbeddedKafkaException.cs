namespace TweetPlatform.EmbeddedKafka;

/// <summary>A librdkafka mock-cluster call failed; carries librdkafka's error code and symbolic name.</summary>
public sealed class EmbeddedKafkaException : Exception
{
    public EmbeddedKafkaException(string message, int errorCode = 0, string? errorName = null)
        : base(message)
    {
        ErrorCode = errorCode;
        ErrorName = errorName;
    }

    /// <summary>librdkafka's rd_kafka_resp_err_t value (0 when the failure had no error code).</summary>
    public int ErrorCode { get; }

    /// <summary>librdkafka's name for <see cref="ErrorCode"/>, e.g. "TOPIC_ALREADY_EXISTS".</summary>
    public string? ErrorName { get; }
}
