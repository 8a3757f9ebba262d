using CoP.Shared.Projects.Map;

namespace CoP.Tests.Projects.Pages;

/// <summary>The tile server setting: only an https address on one plain host, whose origin can go into a page's policy as it is.</summary>
public sealed class ProjectMapOptionsTests
{
    [Theory]
    [InlineData("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org")]
    [InlineData("https://tiles.example.org:8443/osm/{z}/{x}/{y}.png?apikey=abc", "https://tiles.example.org:8443")]
    public void AGoodTileAddressIsAcceptedAndItsOriginIsTheHost(string tileUrl, string origin)
    {
        var options = new ProjectMapOptions { TileUrl = tileUrl };

        Assert.True(new ProjectMapOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(origin, options.TileOrigin.GetLeftPart(UriPartial.Authority));
    }

    [Theory]
    [InlineData("http://tile.openstreetmap.org/{z}/{x}/{y}.png")]
    [InlineData("https://x';script-src@tiles.example.org/{z}/{x}/{y}.png")]
    [InlineData("https://user@tiles.example.org/{z}/{x}/{y}.png")]
    [InlineData("https://tiles.example.org/{z}/{x}/{y}.png#frag")]
    [InlineData("https://tiles.example.org/{z}/{x}.png")]
    [InlineData("https://{s}.tiles.example.org/{z}/{x}/{y}.png")]
    public void AnAddressThatCouldBendThePolicyIsRefused(string tileUrl)
    {
        var result = new ProjectMapOptionsValidator().Validate(null, new ProjectMapOptions { TileUrl = tileUrl });

        Assert.True(result.Failed);
        Assert.Contains("Projects__TileUrl", result.FailureMessage, StringComparison.Ordinal);
    }
}
