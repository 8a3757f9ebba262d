using CoP.Shared.Validation;

namespace CoP.Tests.Validation;

/// <summary>Text that draws nothing counts as empty, also when it is made of letters that draw nothing.</summary>
public sealed class InvisibleTextTests
{
    private static readonly TextField Name = new("name", 100, Required: true, Label: "name");

    [Theory]
    [InlineData("\u3164")] // Hangul filler
    [InlineData("\u3164\u3164 \u3164")]
    [InlineData("\u115F\u1160")] // Hangul choseong and jungseong fillers
    [InlineData("\uFFA0")] // halfwidth Hangul filler
    [InlineData("\u2800\u2800")] // Braille pattern blank
    [InlineData("\u200D\u3164")] // with a joiner
    public void RefusesARequiredNameWhenItIsOnlyBlankLetters(string value)
    {
        Assert.Equal("The name is required.", PlainText.Check(value, Name, out var cleaned));
        Assert.Null(cleaned);
    }

    [Fact]
    public void KeepsBlankLettersWhenTheyStandBesideVisibleText()
    {
        Assert.Null(PlainText.Check("\u3164Ada", Name, out var cleaned));
        Assert.Equal("\u3164Ada", cleaned);
    }
}
