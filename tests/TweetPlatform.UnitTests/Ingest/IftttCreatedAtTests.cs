using TweetPlatform.Ingest.Parsing;

namespace TweetPlatform.UnitTests.Ingest;

/// <summary>IFTTT's CreatedAt ingredient, read in the configured time zone, with an ISO 8601 fallback.</summary>
public sealed class IftttCreatedAtTests
{
    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    [Fact]
    public void Ifttt_format_in_utc()
    {
        Assert.True(IftttCreatedAt.TryParse("April 17, 2017 at 01:39PM", TimeZoneInfo.Utc, out var createdAt));

        Assert.Equal(new DateTimeOffset(2017, 4, 17, 13, 39, 0, TimeSpan.Zero), createdAt);
        Assert.Equal(TimeSpan.Zero, createdAt.Offset);
    }

    [Fact]
    public void Ifttt_format_in_amsterdam_summer_time_is_two_hours_ahead_of_utc()
    {
        Assert.True(IftttCreatedAt.TryParse("April 17, 2017 at 01:39PM", Amsterdam, out var createdAt));

        Assert.Equal(new DateTimeOffset(2017, 4, 17, 11, 39, 0, TimeSpan.Zero), createdAt);
        Assert.Equal(TimeSpan.Zero, createdAt.Offset);
    }

    [Fact]
    public void Ifttt_format_in_amsterdam_winter_time_with_single_digit_hour()
    {
        Assert.True(IftttCreatedAt.TryParse("January 5, 2018 at 9:05AM", Amsterdam, out var createdAt));

        Assert.Equal(new DateTimeOffset(2018, 1, 5, 8, 5, 0, TimeSpan.Zero), createdAt);
    }

    [Theory]
    [InlineData("April 17, 2017 at 12:00AM", 0)]
    [InlineData("April 17, 2017 at 12:00PM", 12)]
    public void Twelve_am_is_midnight_and_twelve_pm_is_noon(string value, int expectedHour)
    {
        Assert.True(IftttCreatedAt.TryParse(value, TimeZoneInfo.Utc, out var createdAt));

        Assert.Equal(new DateTimeOffset(2017, 4, 17, expectedHour, 0, 0, TimeSpan.Zero), createdAt);
    }

    [Theory]
    [InlineData("2017-04-17T13:39:00Z", 13)]
    [InlineData("2017-04-17T13:39:00+02:00", 11)]
    public void Iso_8601_is_accepted_and_normalised_to_utc(string value, int expectedUtcHour)
    {
        Assert.True(IftttCreatedAt.TryParse(value, Amsterdam, out var createdAt));

        Assert.Equal(new DateTimeOffset(2017, 4, 17, expectedUtcHour, 39, 0, TimeSpan.Zero), createdAt);
        Assert.Equal(TimeSpan.Zero, createdAt.Offset);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("garbage")]
    [InlineData("April 32, 2017 at 01:39PM")]
    [InlineData("Yesterday at 01:39PM")]
    public void Garbage_or_empty_is_rejected(string? value)
    {
        Assert.False(IftttCreatedAt.TryParse(value, TimeZoneInfo.Utc, out var createdAt));
        Assert.Equal(default, createdAt);
    }

    [Theory]
    [InlineData("April 17")]
    [InlineData("4/17/2017")]
    [InlineData("17 April 2017 13:39")]
    public void Fallback_accepts_only_iso_8601(string value)
    {
        Assert.False(IftttCreatedAt.TryParse(value, TimeZoneInfo.Utc, out _));
    }
}
