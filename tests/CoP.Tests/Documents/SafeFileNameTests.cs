using CoP.Shared.Documents;

namespace CoP.Tests.Documents;

/// <summary>A client's file name made safe, or refused: never a name without a stem.</summary>
public sealed class SafeFileNameTests
{
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
