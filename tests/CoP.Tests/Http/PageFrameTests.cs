using System.Text.RegularExpressions;
using CoP.Functions.Http;
using CoP.Shared.Email;
using CoP.Shared.Templates;
using CoP.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoP.Tests.Http;

/// <summary>
/// The frame around every page: the language a person sees (their choice, else theirs as a member, else the browser's),
/// the navigation and footer, and the community's colour and logo, which the Content-Security-Policy follows.
/// </summary>
public sealed partial class PageFrameTests(StorageFixture storage)
{
    // The frame is the same whatever route a page answers; each route's own tests hold its answers to the contract.
    private static readonly Action<IServiceCollection, IConfiguration> AnyRoute = (services, _) => services.RemoveAll<IAnswerCheck>();

    [Theory]
    [InlineData("?lang=es", "cop-lang=fr", "fr", "de, fr", "es")]
    [InlineData("", "cop-lang=es", "fr", "fr", "es")]
    [InlineData("", null, "fr", "es", "fr")]
    [InlineData("", null, null, "es;q=0.9, de", "es")]
    [InlineData("?lang=de", "cop-lang=xx", null, "fr", "fr")]
    public async Task ShowsThePageInTheChosenLanguageElseTheMembersElseTheBrowsers(string query, string? cookie, string? member, string acceptLanguage, string expected)
    {
        await using var app = TestApp.Create(storage, compose: AnyRoute);
        var request = app.Get("/api/page" + query).WithHeader("Accept-Language", acceptLanguage);
        if (cookie is not null)
        {
            request.WithHeader("Cookie", cookie);
        }

        var page = await TestResponse.ExecuteAsync(HtmlPages.Page(200, "unsubscribed", _ => new { }, memberLanguage: member), request);

        Assert.Equal(expected, page.Headers.ContentLanguage.ToString());
        Assert.Contains($"<html lang=\"{expected}\">", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemembersALanguageChosenWithTheSwitchAndKeepsThePagesQueryInEachSwitchLink()
    {
        await using var app = TestApp.Create(storage, compose: AnyRoute);
        var request = app.Get("/api/documents?topic=soil&q=a%26b&lang=fr");

        var page = await TestResponse.ExecuteAsync(HtmlPages.Page(200, "unsubscribed"), request);

        Assert.Contains("cop-lang=fr", page.Headers.SetCookie.ToString(), StringComparison.Ordinal);
        Assert.Contains("samesite=lax", page.Headers.SetCookie.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"?topic=soil&amp;q=a%26b&amp;lang=es\" lang=\"es\"", page.Body, StringComparison.Ordinal);
        Assert.Contains("href=\"?topic=soil&amp;q=a%26b&amp;lang=fr\" lang=\"fr\" hreflang=\"fr\" aria-current=\"true\"", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepeatsNoCredentialOfTheAddressInTheLanguageSwitch()
    {
        await using var app = TestApp.Create(storage, compose: AnyRoute);
        var request = app.Get("/api/members/me?Token=secret-looking-token&formToken=f&code=k&LANG=fr&topic=soil");

        var page = await TestResponse.ExecuteAsync(HtmlPages.Page(400, "unsubscribed"), request);

        Assert.DoesNotContain("secret-looking-token", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("formToken", page.Body, StringComparison.Ordinal);
        Assert.Contains("href=\"?topic=soil&amp;lang=es\"", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OffersJoiningToStrangersAndTheProfileToMembersAndMarksTheCurrentSection()
    {
        await using var app = TestApp.Create(storage, compose: AnyRoute);

        var stranger = await TestResponse.ExecuteAsync(HtmlPages.Page(200, "unsubscribed"), app.Get("/api/documents/abc"));
        var member = await TestResponse.ExecuteAsync(HtmlPages.Page(200, "unsubscribed"), app.Get("/api/polls").WithHeader("Cookie", "cop-profile=x"));

        Assert.Equal(["/api/documents", "/api/events", "/api/projects", "/api/polls", "/api/newsletter/issues", "/api/join"], NavigationLinks(stranger.Body));
        Assert.Equal(["/api/documents", "/api/events", "/api/projects", "/api/polls", "/api/newsletter/issues", "/api/members/me"], NavigationLinks(member.Body));
        Assert.Contains("<a href=\"/api/documents\" aria-current=\"page\">", stranger.Body, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/api/polls\" aria-current=\"page\">", member.Body, StringComparison.Ordinal);
        Assert.Contains("<a class=\"skip\" href=\"#main\">", stranger.Body, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/api/privacy\">", stranger.Body, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/api/unsubscribe\">", stranger.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DressesThePagesInTheCommunitysColourAndLogoAndLetsThePolicyAllowJustThose()
    {
        await using var app = TestApp.Create(storage, new Dictionary<string, string?>
        {
            ["Site:BrandColour"] = "#1F4E79",
            ["Site:LogoUrl"] = "https://cdn.example.org/logo.svg",
            ["Site:PrivacyPageUrl"] = "https://example.org/privacy",
            ["Email:CommunityName"] = "Sols & Climat",
        }, compose: AnyRoute);
        var request = app.Get("/api/polls");

        var page = await WorkerPipeline.RunAsync(app, request, _ => Task.FromResult(HtmlPages.Page(200, "unsubscribed")));

        Assert.Contains(":root{--brand:#1f4e79}", page.Body, StringComparison.Ordinal);
        Assert.Contains("<img src=\"https://cdn.example.org/logo.svg\" alt=\"\" height=\"40\">Sols &amp; Climat</a>", page.Body, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.org/privacy\">", page.Body, StringComparison.Ordinal);
        Assert.Equal(["https://cdn.example.org"], PagePolicy.Sources(page.Headers.ContentSecurityPolicy.ToString(), "img-src"));
        Assert.Equal(["'none'"], PagePolicy.Sources(page.Headers.ContentSecurityPolicy.ToString(), "script-src"));
        // The pages that name the community take its name from the same setting.
        var welcome = await TestResponse.ExecuteAsync(HtmlPages.Page(200, "welcome"), app.Get("/api/registrations/confirm?lang=fr"));
        Assert.Contains("rejoint Sols &amp; Climat", welcome.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Climat-Sol", welcome.Body, StringComparison.Ordinal);

        var style = StyleElement().Match(page.Body).Groups[1].Value;
        Assert.Equal([PageLayout.HashSource(style)], PagePolicy.Sources(page.Headers.ContentSecurityPolicy.ToString(), "style-src-elem"));
    }

    [Theory]
    [InlineData("#2f5d34", true)]
    [InlineData("#767676", true)]
    [InlineData("#777777", false)]
    [InlineData("#ffcc00", false)]
    [InlineData("green", false)]
    [InlineData("#12345", false)]
    [InlineData("#12345g", false)]
    public void RefusesABrandColourThatWhiteTextCannotBeReadOn(string colour, bool accepted)
    {
        var result = new SiteOptionsValidator().Validate(null, new SiteOptions { BrandColour = colour });

        Assert.Equal(accepted, result.Succeeded);
        if (!accepted)
        {
            Assert.Contains("Site__BrandColour", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("http://cdn.example.org/logo.png")]
    [InlineData("/logo.png")]
    public void RefusesALogoOrPrivacyPageThatIsNotHttps(string url)
    {
        var result = new SiteOptionsValidator().Validate(null, new SiteOptions
        {
            LogoUrl = new Uri(url, UriKind.RelativeOrAbsolute),
            PrivacyPageUrl = new Uri(url, UriKind.RelativeOrAbsolute),
        });

        Assert.Contains("Site__LogoUrl", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Site__PrivacyPageUrl", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void GivesTheSameFrameToEveryPageButForTheTitleAndBody()
    {
        var layout = new PageLayout(Options.Create(new SiteOptions()), Options.Create(new EmailOptions()));

        var one = layout.Render(new PageFrame("en", "One", "<p>1</p>"));
        var two = layout.Render(new PageFrame("en", "Two", "<p>2</p>"));

        Assert.Equal(one.Replace("One", "Two", StringComparison.Ordinal).Replace("<p>1</p>", "<p>2</p>", StringComparison.Ordinal), two);
        Assert.DoesNotContain("<script", one, StringComparison.Ordinal);
    }

    private static string[] NavigationLinks(string body) =>
        [.. NavigationElement().Match(body).Groups[1].Value.Split("<li>").Skip(1).Select(item => HrefAttribute().Match(item).Groups[1].Value)];

    [GeneratedRegex("<header>.*?<nav[^>]*>(.*?)</nav>", RegexOptions.Singleline)]
    private static partial Regex NavigationElement();

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex HrefAttribute();

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();
}
