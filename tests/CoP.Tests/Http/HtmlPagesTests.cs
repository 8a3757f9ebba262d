using CoP.Functions.Http;
using CoP.Functions.Members;
using CoP.Shared.Templates;
using CoP.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using CoP.Shared.Email;

namespace CoP.Tests.Http;

/// <summary>The app's HTML pages: Liquid templates in the language the browser asks for, in the one page layout.</summary>
public sealed class HtmlPagesTests(StorageFixture storage)
{
    private static readonly PageLayout Layout = new(Options.Create(new SiteOptions()), Options.Create(new EmailOptions()));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null, "en", "This link cannot be used", "Send me a new link")]
    [InlineData("fr-FR,fr;q=0.9,en;q=0.8", "fr", "Ce lien ne peut pas être utilisé", "M’envoyer un nouveau lien")]
    [InlineData("es", "es", "Este enlace no se puede usar", "Enviarme un enlace nuevo")]
    [InlineData("de, es;q=0.3, fr;q=0.2", "es", "Este enlace no se puede usar", "Enviarme un enlace nuevo")]
    [InlineData("it", "en", "This link cannot be used", "Send me a new link")]
    public async Task SpeaksTheBrowsersLanguageWhenAFunctionAnswersWithAPage(string? acceptLanguage, string language, string title, string button)
    {
        await using var app = TestApp.Create(storage);
        var request = app.Get("/api/unsubscribe?token=not-a-token");
        if (acceptLanguage is not null)
        {
            request.WithHeader("Accept-Language", acceptLanguage);
        }

        var page = await TestResponse.ExecuteAsync(await app.Function<ShowUnsubscribeFunction>().ShowUnsubscribe(request, Ct), request);

        Assert.Equal(400, page.Status);
        Assert.Equal(language, page.Headers.ContentLanguage.ToString());
        Assert.Contains($"<html lang=\"{language}\">", page.Body, StringComparison.Ordinal);
        Assert.Contains($"<title>{title} · {EmailOptions.DefaultCommunityName}</title>", page.Body, StringComparison.Ordinal);
        Assert.Contains($"<button type=\"submit\">{button}</button>", page.Body, StringComparison.Ordinal);

        // The form is the same in every language: only the words change.
        Assert.Contains("<form method=\"post\" action=\"/api/members/access-link\">", page.Body, StringComparison.Ordinal);
        Assert.Contains("<input name=\"email\" type=\"email\" required>", page.Body, StringComparison.Ordinal);
    }

    public static TheoryData<string, int, object?> Pages() => new()
    {
        { "check-inbox", 200, null },
        { "join-sent", 200, null },
        { "try-later", 429, new { Minutes = 1 } },
        { "confirm-registration", 200, new { FormToken = "t" } },
        { "already-member", 200, null },
        { "welcome", 200, null },
        { "unsubscribe", 200, new { Subscribed = true, FormToken = "t" } },
        { "unsubscribe-how", 200, null },
        { "profile-link-expired", 401, null },
        { "session-form-expired", 403, null },
        { "changed-meanwhile", 409, null },
        { "erase", 200, new { Email = "a@example.org", FormToken = "t" } },
        { "erased", 200, null },
        { "links-revoked", 200, null },
        { "account-link-sent", 200, new { Email = "a@example.org" } },
        { "unsubscribed", 200, null },
        { "no-such-poll", 404, null },
        { "ballot-link-expired", 401, null },
        { "ballot-recorded", 200, null },
        { "ballot-refused", 409, new { Reason = "closed", Detail = "Voting closed." } },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task HasLangAMainLandmarkAndTheOneStylesheetWhenRenderedInEachLanguage(string name, int status, object? model)
    {
        foreach (var language in TemplateLanguages.All)
        {
            var page = await RenderAsync(HtmlPages.Page(status, name, model), language);

            Assert.Equal(status, page.Status);
            Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
            Assert.Contains($"<html lang=\"{language}\">", page.Body, StringComparison.Ordinal);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(page.Body, "<main id=\"main\">"));
            Assert.Contains($"<style>{Layout.Style}</style>", page.Body, StringComparison.Ordinal);
            Assert.Matches("<title>[^<{]+</title>", page.Body);
            Assert.DoesNotContain("{{", page.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DiffersInWordsOnlyWhenTheSamePageIsRenderedInAnotherLanguage()
    {
        var english = await RenderAsync(HtmlPages.Page(200, "unsubscribed"), "en");
        var french = await RenderAsync(HtmlPages.Page(200, "unsubscribed"), "fr");
        var spanish = await RenderAsync(HtmlPages.Page(200, "unsubscribed"), "es");

        Assert.Contains("You are unsubscribed", english.Body, StringComparison.Ordinal);
        Assert.Contains("Vous êtes désabonné", french.Body, StringComparison.Ordinal);
        Assert.Contains("Se ha dado de baja", spanish.Body, StringComparison.Ordinal);
        Assert.Equal("no-store", french.Headers.CacheControl.ToString());
    }

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    [InlineData("es")]
    public async Task EncodesAScriptInsertedIntoAPageWhateverTheLanguage(string language)
    {
        const string Hostile = "<script>alert('x')</script> Étude";

        var page = await RenderAsync(HtmlPages.Page(200, "ballot-refused", new { Reason = "invalid", Detail = Hostile }), language);

        Assert.DoesNotContain("<script", page.Body, StringComparison.OrdinalIgnoreCase);
        if (language == "en")
        {
            Assert.Contains(LiquidTemplates.HtmlEncoder.Encode(Hostile), page.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RefusesAPageThatHasNoTemplate()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HtmlPages.Page(200, "no-such-page"));
    }

    private static async Task<TestResponse> RenderAsync(IResult result, string acceptLanguage)
    {
        await using var services = new ServiceCollection().AddLogging().AddSingleton(Layout).BuildServiceProvider();
        var request = TestRequests.Empty(services, "GET", "/api/page").WithHeader("Accept-Language", acceptLanguage);
        return await TestResponse.ExecuteAsync(result, request);
    }
}
