using CoP.Shared.Validation;

namespace CoP.Tests.Validation;

/// <summary>The one text policy: what free text is refused, what is removed, what stays, and how it is measured.</summary>
public sealed class PlainTextTests
{
    private static readonly TextField Line = new("title", 20);
    private static readonly TextField Lines = new("description", 200, Multiline: true);

    private static string? Cleaned(string? value, TextField field)
    {
        Assert.Null(PlainText.Check(value, field, out var cleaned));
        return cleaned;
    }

    [Theory]
    [InlineData("Ali\u202Ece")] // right-to-left override
    [InlineData("a\u202Ab")] // left-to-right embedding
    [InlineData("a\u202Cb")] // pop directional formatting
    [InlineData("a\u2066b")] // left-to-right isolate
    [InlineData("a\u2069b")] // pop directional isolate
    public void RefusesWithTheReadingDirectionMessageWhenTheTextHasABidiControl(string value)
    {
        Assert.Equal("Characters that change the reading direction are not allowed.", PlainText.Check(value, Line, out var cleaned));
        Assert.Null(cleaned);
    }

    [Fact]
    public void RefusesABidiOverrideInMultilineTextToo()
    {
        Assert.Equal("Characters that change the reading direction are not allowed.", PlainText.Check("first\n\u202Esecond", Lines, out _));
    }

    [Theory]
    [InlineData("a\u200Bb")] // zero-width space
    [InlineData("\uFEFFab")] // byte-order mark
    [InlineData("a\u00ADb")] // soft hyphen
    [InlineData("a\u2060b")] // word joiner
    [InlineData("a\u180Eb")] // Mongolian vowel separator
    [InlineData("a\u2062b")] // invisible times
    public void RemovesInvisibleCharactersThatMeanNothing(string value)
    {
        Assert.Equal("ab", Cleaned(value, Line));
    }

    [Theory]
    [InlineData("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645")] // ZWNJ in Persian
    [InlineData("\U0001F469\u200D\U0001F33E")] // ZWJ emoji sequence
    [InlineData("abc\u200E")] // left-to-right mark
    [InlineData("\u05D0\u200F1")] // right-to-left mark
    [InlineData("a\u061Cb")] // Arabic letter mark
    public void KeepsJoinersAndDirectionMarks(string value)
    {
        Assert.Equal(value, Cleaned(value, Line));
    }

    [Fact]
    public void PutsTheTextInUnicodeFormC()
    {
        var decomposed = "Cafe\u0301";

        var cleaned = Cleaned(decomposed, Line);

        Assert.Equal("Caf\u00E9", cleaned);
        Assert.Equal(4, cleaned!.Length);
    }

    [Theory]
    [InlineData("  Amina   Diallo  ", "Amina Diallo")]
    [InlineData("Amina\tDiallo", "Amina Diallo")]
    [InlineData("Amina\u00A0\u2003Diallo", "Amina Diallo")]
    public void CollapsesWhitespaceRunsIntoOneSpaceAndTrims(string value, string expected)
    {
        Assert.Equal(expected, Cleaned(value, Line));
    }

    [Theory]
    [InlineData("Amina\nDiallo")]
    [InlineData("Amina\r\nBcc: x@example.org")]
    [InlineData("Amina\u2028Diallo")]
    [InlineData("Amina\u0085Diallo")]
    public void RefusesLineBreaksInAOneLineField(string value)
    {
        Assert.Equal("Line breaks are not allowed here.", PlainText.Check(value, Line, out var cleaned));
        Assert.Null(cleaned);
    }

    [Theory]
    [InlineData("first\nsecond", "first\nsecond")]
    [InlineData("first\n\n\n\n\nsecond", "first\n\nsecond")]
    [InlineData("first  \n   second", "first\nsecond")]
    [InlineData("\n\n first\n\n", "first")]
    [InlineData("first\u2029second", "first\nsecond")]
    [InlineData("a  b\n\n\tc   d", "a b\n\nc d")]
    public void KeepsLineBreaksInMultilineTextWithAtMostOneBlankLine(string value, string expected)
    {
        Assert.Equal(expected, Cleaned(value, Lines));
    }

    [Theory]
    [InlineData("first\r\nsecond", "first\nsecond")]
    [InlineData("first\r\n\r\nsecond", "first\n\nsecond")]
    [InlineData("first\r\n\r\n\r\n\r\nsecond", "first\n\nsecond")]
    [InlineData("first\rsecond", "first\nsecond")]
    public void CountsACarriageReturnAndLineFeedAsOneLineBreak(string value, string expected)
    {
        Assert.Equal(expected, Cleaned(value, Lines));
    }

    [Fact]
    public void MeasuresTheCleanedTextSoThatCarriageReturnsDoNotCountTwice()
    {
        var field = new TextField("text", 5, Multiline: true);

        Assert.Equal("a\nb\nc", Cleaned("a\r\nb\r\nc", field));
    }

    [Fact]
    public void RefusesALoneSurrogate()
    {
        // Built here, not as theory data: serialized test data would turn a lone surrogate into U+FFFD.
        foreach (var value in new[] { "a" + (char)0xD800 + "b", "a" + (char)0xDC00, (char)0xDBFF + "" })
        {
            Assert.Equal("The text is not valid Unicode.", PlainText.Check(value, Line, out var cleaned));
            Assert.Null(cleaned);
        }
    }

    [Theory]
    [InlineData("a\U000E0041b")] // tag latin capital letter A
    [InlineData("flag\U000E0067\U000E007F")] // tag g, cancel tag
    [InlineData("a\u0000b")] // NUL
    [InlineData("bell\u0007")] // BEL
    [InlineData("a\u001Bb")] // escape
    [InlineData("a\uE000b")] // private use
    [InlineData("a\U000F0000b")] // supplementary private use
    public void RefusesTagControlAndPrivateUseCharacters(string value)
    {
        Assert.Equal("Control and invisible characters are not allowed.", PlainText.Check(value, Lines, out var cleaned));
        Assert.Null(cleaned);
    }

    [Fact]
    public void RefusesAnUnassignedCodePoint()
    {
        Assert.Equal("Control and invisible characters are not allowed.", PlainText.Check("a\u0378b", Line, out _));
    }

    [Fact]
    public void AcceptsTextOfExactlyTheLongestLength()
    {
        Assert.Equal(new string('x', 20), Cleaned(new string('x', 20), Line));
    }

    [Fact]
    public void RefusesTextLongerThanTheLongestLength()
    {
        Assert.Equal("At most 20 characters.", PlainText.Check(new string('x', 21), Line, out var cleaned));
        Assert.Null(cleaned);
    }

    [Fact]
    public void MeasuresLengthAfterCleaning()
    {
        var padded = "  " + new string('x', 20) + "\u200B\u200B  ";

        Assert.Equal(new string('x', 20), Cleaned(padded, Line));
    }

    [Fact]
    public void NamesTheFieldInItsMessagesWhenItHasALabel()
    {
        var name = new TextField("name", 3, Required: true, Label: "name");

        Assert.Equal("The name is required.", PlainText.Check(" ", name, out _));
        Assert.Equal("The name must be at most 3 characters.", PlainText.Check("abcd", name, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u200B\uFEFF")]
    [InlineData("\u200B\u200D\u2060")] // a joiner alone shows nothing
    [InlineData("\u200E \u200F")]
    public void RequiresVisibleTextInARequiredField(string? value)
    {
        var required = Line with { Required = true };

        Assert.Equal("This field is required.", PlainText.Check(value, required, out var cleaned));
        Assert.Null(cleaned);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \u200B ")]
    public void GivesNullWithoutAnErrorWhenAnOptionalFieldIsEmpty(string? value)
    {
        Assert.Null(Cleaned(value, Line));
    }

    [Fact]
    public void FieldErrorsRecordTheMessageUnderTheFieldName()
    {
        var errors = new FieldErrors();

        var title = errors.Text("Ali\u202Ece", Line);
        var description = errors.Text("fine", Lines);

        Assert.Null(title);
        Assert.Equal("fine", description);
        var invalid = Assert.IsType<Validated<string>.Invalid>(errors.Result(() => "unused"));
        Assert.Equal(["Characters that change the reading direction are not allowed."], invalid.Errors["title"]);
        Assert.False(invalid.Errors.ContainsKey("description"));
    }
}
