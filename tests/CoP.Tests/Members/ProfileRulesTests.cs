using System.Text.Json;
using CoP.Shared.Members;
using CoP.Shared.Validation;

namespace CoP.Tests.Members;

/// <summary>A profile patch stays JSON until the rules read it: text that cannot be read as a string is refused, not a crash.</summary>
public sealed class ProfileRulesTests
{
    [Theory]
    [InlineData("{\"name\":\"Ada\\ud800\"}", "name")]
    [InlineData("{\"organization\":\"\\udc00Org\"}", "organization")]
    [InlineData("{\"role\":\"\\ud83d\"}", "role")]
    [InlineData("{\"topics\":[\"\\ud800\"]}", "topics")]
    public void RefusesTheFieldWhenAStringHoldsALoneSurrogateEscape(string json, string field)
    {
        var patch = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

        var result = ProfileRules.Check(patch, new HashSet<string>(["soil"], StringComparer.Ordinal));

        var invalid = Assert.IsType<Validated<ProfileChanges>.Invalid>(result);
        Assert.Equal(["The text is not valid Unicode."], invalid.Errors[field]);
    }

    [Fact]
    public void AcceptsTheNameWhenItsEscapesFormAValidPair()
    {
        var patch = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("{\"name\":\"Ada \\ud83c\\udf31\"}")!;

        var result = ProfileRules.Check(patch, new HashSet<string>(StringComparer.Ordinal));

        Assert.Equal("Ada \U0001F331", Assert.IsType<Validated<ProfileChanges>.Valid>(result).Value.Name);
    }
}
