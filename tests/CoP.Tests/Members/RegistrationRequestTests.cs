using System.Text;
using CoP.Functions.Members;
using CoP.Shared.Members;
using CoP.Shared.Validation;

namespace CoP.Tests.Members;

/// <summary>How a JSON registration body becomes a form: the honeypot field is read raw, whatever a bot puts in it.</summary>
public sealed class RegistrationRequestTests
{
    private const string Fields = "\"email\":\"ada@example.org\",\"name\":\"Ada\",\"consent\":true";

    [Theory]
    [InlineData("\"\\ud800\"")] // a lone surrogate escape cannot be read as a string
    [InlineData("\"http://spam.example\"")]
    [InlineData("42")]
    [InlineData("true")]
    public void FillsTheHoneypotWhenTheTrapFieldHasAnyValue(string trap)
    {
        var form = Assert.IsType<Validated<RegistrationForm>.Valid>(Parse($"{{{Fields},\"website\":{trap}}}")).Value;

        Assert.False(string.IsNullOrEmpty(form.Honeypot));
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("null")]
    public void LeavesTheHoneypotEmptyWhenTheTrapFieldIsEmpty(string trap)
    {
        var form = Assert.IsType<Validated<RegistrationForm>.Valid>(Parse($"{{{Fields},\"website\":{trap}}}")).Value;

        Assert.True(string.IsNullOrEmpty(form.Honeypot));
    }

    private static Validated<RegistrationForm> Parse(string json) => RegistrationRequest.FromJson(Encoding.UTF8.GetBytes(json), "website");
}
