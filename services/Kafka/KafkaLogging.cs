using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace TweetPlatform.Kafka;

/// <summary>Routes librdkafka's own log and error callbacks into ILogger instead of stderr.</summary>
internal static class KafkaLogging
{
    public static void Log(ILogger logger, LogMessage message)
    {
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
            SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        logger.Log(level, "librdkafka {Client} [{Facility}] {Message}", message.Name, message.Facility, message.Message);
    }

    public static void Error(ILogger logger, Error error)
    {
        // Most librdkafka errors are transient (a broker restarting); the client retries by itself.
        logger.Log(error.IsFatal ? LogLevel.Critical : LogLevel.Warning,
            "Kafka client error {Code}: {Reason} (fatal: {IsFatal})", error.Code, error.Reason, error.IsFatal);
    }
}
