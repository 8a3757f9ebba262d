using CoP.Shared.Members;

namespace CoP.Tests.Members;

/// <summary>Email addresses are measured as they are stored and sent: in Unicode form C.</summary>
public sealed class MemberRulesTests
{
    [Fact]
    public void RefusesTheEmailWhenFormCLengthensItPastTheLimit()
    {
        // U+FB2C is excluded from composition: form C writes it as three characters.
        var email = new string('\uFB2C', 60) + "@" + new string('d', 60) + "." + new string('e', 60) + ".org";
        Assert.True(email.Length <= MemberRules.MaxEmailLength);

        Assert.NotNull(MemberRules.CheckEmail(email, out var normalized));
        Assert.Equal("", normalized);
    }

    [Fact]
    public void AcceptsTheEmailWhenItsComposedFormIsWithinTheLimits()
    {
        Assert.Null(MemberRules.CheckEmail("  Ade\u0301le@example.org ", out var normalized));
        Assert.Equal("Ad\u00E9le@example.org", normalized);
    }
}
