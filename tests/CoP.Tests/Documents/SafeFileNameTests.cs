using CoP.Shared.Documents;

namespace CoP.Tests.Documents;

/// <summary>The file-name rules on their own; the upload path through them is in <see cref="DocumentUploadTests"/>.</summary>
public sealed class SafeFileNameTests
{
    // Windows opens these as devices whatever the extension ("NUL.pdf", "com1.tar.gz"), in any case.
    private static readonly string[] DeviceNames =
    [
        "CON", "PRN", "AUX", "NUL",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];

    public static TheoryData<string, string> DeviceFileNames()
    {
        var data = new TheoryData<string, string>();
        foreach (var device in DeviceNames)
        {
            var mixed = device[0] + device[1..].ToLowerInvariant();
            foreach (var name in new[] { device, device.ToLowerInvariant(), mixed })
            {
                data.Add($"{name}.pdf", $"_{name}.pdf");
                data.Add($"{name}.TXT", $"_{name}.txt");
                data.Add($"{name}.tar.gz", $"_{name}.tar.gz");
                data.Add($"{name} .pdf", $"_{name}.pdf");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DeviceFileNames))]
    public void EveryDeviceNameIsPrefixedWhateverItsCaseAndExtension(string fileName, string expected)
    {
        var safe = SafeFileName.Create(fileName, out var error);

        Assert.Null(error);
        Assert.Equal(expected, safe);
    }

    [Theory]
    [InlineData("CLOCK$.pdf", "CLOCK.pdf")]
    [InlineData("CONIN$.pdf", "CONIN.pdf")]
    [InlineData("conout$.txt", "conout.txt")]
    [InlineData("COM¹.pdf", "COM.pdf")]
    [InlineData("lpt³.pdf", "lpt.pdf")]
    public void DeviceNamesWithASignOrSuperscriptLoseItAndAreNoLongerDevices(string fileName, string expected)
    {
        Assert.Equal(expected, SafeFileName.Create(fileName, out _));
    }

    [Theory]
    [InlineData("CONSOLE.pdf")]
    [InlineData("COM10.pdf")]
    [InlineData("LPT.pdf")]
    [InlineData("NULL.pdf")]
    [InlineData("AUXILIARY.pdf")]
    [InlineData("my-CON.pdf")]
    [InlineData("report.CON.pdf")]
    public void NamesThatOnlyResembleADeviceAreKept(string fileName)
    {
        Assert.Equal(fileName, SafeFileName.Create(fileName, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void AMissingNameIsRefused(string? fileName)
    {
        Assert.Null(SafeFileName.Create(fileName, out var error));
        Assert.Equal("A file name is required.", error);
    }

    [Fact]
    public void ANameLongerThanTheInputLimitIsRefusedAndOneAtTheLimitIsShortened()
    {
        var atLimit = new string('a', SafeFileName.MaxInputLength - 4) + ".pdf";

        Assert.Null(SafeFileName.Create(atLimit + "x", out var error));
        Assert.Equal($"The file name may be at most {SafeFileName.MaxInputLength} characters.", error);
        Assert.Equal(new string('a', SafeFileName.MaxLength - 4) + ".pdf", SafeFileName.Create(atLimit, out error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("a\\u0000b.pdf")]
    [InlineData("a\\u001Fb.pdf")]
    [InlineData("a\\u007Fb.pdf")]
    [InlineData("a\\u200Eb.pdf")]
    [InlineData("a\\u200Fb.pdf")]
    [InlineData("a\\u061Cb.pdf")]
    [InlineData("a\\u202Ab.pdf")]
    [InlineData("invoice\\u202Efdp.exe")]
    [InlineData("a\\u2066b.pdf")]
    [InlineData("a\\u2069b.pdf")]
    [InlineData("a\\uD800b.pdf")]
    [InlineData("a\\uDC00b.pdf")]
    [InlineData("ab.pdf\\uD83D")]
    public void NamesWithControlDirectionOrBrokenCharactersAreRefused(string escaped)
    {
        var fileName = System.Text.RegularExpressions.Regex.Unescape(escaped);

        Assert.Null(SafeFileName.Create(fileName, out var error));
        Assert.Equal("The file name contains control, text-direction or broken Unicode characters.", error);
    }

    [Theory]
    [InlineData("a\\u2029b.pdf", "a-b.pdf")]
    [InlineData("a\\u2065b.pdf", "a-b.pdf")]
    [InlineData("a\\u206Ab.pdf", "a-b.pdf")]
    [InlineData("photo-\\uD83D\\uDCF7.jpg", "photo.jpg")]
    [InlineData("cafe\\u0301.pdf", "caf\\u00E9.pdf")]
    [InlineData("a--b..c.PDF", "a-b.c.pdf")]
    [InlineData("..a.pdf", "a.pdf")]
    [InlineData("a-.pdf", "a.pdf")]
    [InlineData("a.b", "a.b")]
    [InlineData("x_y-z.pdf", "x_y-z.pdf")]
    public void NamesAreCleanedToLettersDigitsAndSeparators(string escaped, string expected)
    {
        var fileName = System.Text.RegularExpressions.Regex.Unescape(escaped);

        Assert.Equal(System.Text.RegularExpressions.Regex.Unescape(expected), SafeFileName.Create(fileName, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("report")]
    [InlineData(".pdf")]
    [InlineData("report.")]
    [InlineData("---.pdf")]
    [InlineData("folder/")]
    public void NamesWithoutANameAndAnExtensionAreRefused(string fileName)
    {
        Assert.Null(SafeFileName.Create(fileName, out var error));
        Assert.Equal("The file name needs a name and an extension, such as report.pdf.", error);
    }

    [Fact]
    public void ShorteningNeverSplitsACharacterOrEndsOnASeparator()
    {
        // 116 UTF-16 units fit before ".pdf": "abc" and 56 script capitals (two units each) make 115; cutting at 116
        // would split the 57th. With "-" at the cut, the separator is dropped.
        var letters = SafeFileName.Create("abc" + string.Concat(Enumerable.Repeat("\U0001D49C", 60)) + ".pdf", out _);
        var separator = SafeFileName.Create(new string('b', SafeFileName.MaxLength - 5) + "-cdef.pdf", out _);

        Assert.Equal("abc" + string.Concat(Enumerable.Repeat("\U0001D49C", 56)) + ".pdf", letters);
        Assert.Equal(new string('b', SafeFileName.MaxLength - 5) + ".pdf", separator);
    }

    [Fact]
    public void RefusesTheNameWhenCombiningMarksLeaveNoStemWithinTheLimit()
    {
        var name = SafeFileName.Create("a" + new string('\u0301', 300) + ".pdf", out var error);

        Assert.Null(name);
        Assert.NotNull(error);
    }

    [Fact]
    public void KeepsTheLongestWholeStemWhenALongNameIsCut()
    {
        var name = SafeFileName.Create(new string('b', 200) + ".pdf", out var error);

        Assert.Null(error);
        Assert.Equal(new string('b', SafeFileName.MaxLength - 4) + ".pdf", name);
    }
}
