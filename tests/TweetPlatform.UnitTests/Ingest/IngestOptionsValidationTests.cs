using System.ComponentModel.DataAnnotations;
using TweetPlatform.Ingest;

namespace TweetPlatform.UnitTests.Ingest;

/// <summary>Start-up validation of the Ingest configuration section.</summary>
public sealed class IngestOptionsValidationTests
{
    private static List<ValidationResult> Validate(IngestOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    private static IngestOptions Valid() => new()
    {
        WebhookSecret = "0123456789abcdef",
        TrackedTags = ["DotNetConf"],
        IftttTimeZone = "Europe/Amsterdam",
    };

    [Fact]
    public void Valid_configuration_passes()
    {
        Assert.Empty(Validate(Valid()));
    }

    [Fact]
    public void Missing_secret_without_explicit_opt_out_fails()
    {
        var options = Valid();
        options.WebhookSecret = null;

        var result = Assert.Single(Validate(options));
        Assert.Equal([nameof(IngestOptions.WebhookSecret)], result.MemberNames);
    }

    [Fact]
    public void Missing_secret_with_explicit_opt_out_passes()
    {
        var options = Valid();
        options.WebhookSecret = null;
        options.AllowUnauthenticatedWebhooks = true;

        Assert.Empty(Validate(options));
    }

    [Fact]
    public void Secret_shorter_than_16_characters_fails_and_16_passes()
    {
        var tooShort = Valid();
        tooShort.WebhookSecret = new string('s', 15);
        var justLongEnough = Valid();
        justLongEnough.WebhookSecret = new string('s', 16);

        var result = Assert.Single(Validate(tooShort));
        Assert.Equal([nameof(IngestOptions.WebhookSecret)], result.MemberNames);
        Assert.Empty(Validate(justLongEnough));
    }

    [Fact]
    public void Unknown_time_zone_fails()
    {
        var options = Valid();
        options.IftttTimeZone = "Mars/Olympus_Mons";

        var result = Assert.Single(Validate(options));
        Assert.Equal([nameof(IngestOptions.IftttTimeZone)], result.MemberNames);
    }

    [Fact]
    public void Empty_tracked_tag_fails()
    {
        var options = Valid();
        options.TrackedTags = ["DotNetConf", " "];

        var result = Assert.Single(Validate(options));
        Assert.Equal([nameof(IngestOptions.TrackedTags)], result.MemberNames);
    }

    [Fact]
    public void Out_of_range_limit_fails()
    {
        var options = Valid();
        options.MaxTextLength = 0;

        var result = Assert.Single(Validate(options));
        Assert.Equal([nameof(IngestOptions.MaxTextLength)], result.MemberNames);
    }
}
