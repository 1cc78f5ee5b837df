using TweetPlatform.ServiceDefaults.Security;

namespace TweetPlatform.UnitTests.ServiceDefaults;

/// <summary>A shared secret matches only itself, and an unset one matches nothing (not even an empty answer).</summary>
public sealed class SharedSecretTests
{
    [Fact]
    public void Only_the_secret_itself_matches_and_an_unset_secret_matches_nothing()
    {
        var secret = new SharedSecret("operator-secret-0123");
        Assert.True(secret.Matches("operator-secret-0123"));
        Assert.False(secret.Matches("operator-secret-0124"));
        Assert.False(secret.Matches("operator-secret-012"));
        Assert.False(secret.Matches(null));
        Assert.False(secret.Matches(""));

        var unset = new SharedSecret(null);
        Assert.False(unset.IsSet);
        Assert.False(unset.Matches(""));
        Assert.False(unset.Matches("anything"));
    }
}
