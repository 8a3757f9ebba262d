using CoP.Shared.Polls;

namespace CoP.Tests.Polls;

/// <summary>An option id is lowercase letters, digits and hyphens, and nothing after them.</summary>
public sealed class PollRulesTests
{
    [Theory]
    [InlineData("yes\n")]
    [InlineData("option-2\n")]
    public void RefusesTheOptionIdWhenALineBreakFollowsIt(string id) => Assert.False(PollRules.IsValidOptionId(id));

    [Theory]
    [InlineData("yes")]
    [InlineData("option-2")]
    public void AcceptsTheOptionIdWhenItIsLettersDigitsAndHyphens(string id) => Assert.True(PollRules.IsValidOptionId(id));
}
