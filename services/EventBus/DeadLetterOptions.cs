using System.ComponentModel.DataAnnotations;


namespace TweetPlatform.EventBus;

/// <summary>Where poison messages go (config section <c>Kafka:DeadLetter</c>).</summary>
public sealed class DeadLetterOptions
{
    public const string SectionName = "Kafka:DeadLetter";

    [Required]
    public string Topic { get; set; } = "deadletter.v1";
}
