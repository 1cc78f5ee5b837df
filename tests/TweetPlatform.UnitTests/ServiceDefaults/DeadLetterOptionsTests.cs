using TweetPlatform.Contracts;
using TweetPlatform.EventBus;

namespace TweetPlatform.UnitTests.ServiceDefaults;

/// <summary>The services take the dead-letter topic from configuration only, so its default must be the contract's topic.</summary>
public sealed class DeadLetterOptionsTests
{
    [Fact]
    public void The_default_dead_letter_topic_is_the_contracts_topic() =>
        Assert.Equal(Topics.DeadLetter, new DeadLetterOptions().Topic);
}
