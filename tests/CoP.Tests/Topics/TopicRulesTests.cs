using CoP.Shared.Topics;

namespace CoP.Tests.Topics;

/// <summary>A slug is lowercase letters and digits in hyphenated words, and nothing after them.</summary>
public sealed class TopicRulesTests
{
    [Theory]
    [InlineData("soil\n")]
    [InlineData("soil-health\n")]
    [InlineData("soil\r\n")]
    public void RefusesTheSlugWhenALineBreakFollowsIt(string slug) => Assert.False(TopicRules.IsValidSlug(slug));

    [Theory]
    [InlineData("soil")]
    [InlineData("soil-health-2")]
    public void AcceptsTheSlugWhenItIsHyphenatedWords(string slug) => Assert.True(TopicRules.IsValidSlug(slug));
}
