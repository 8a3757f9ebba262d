using CoP.Functions.Members;
using CoP.Shared.Members;
using CoP.TestSupport;
using static CoP.Tests.Members.MemberPageFlows;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Members;

/// <summary>
/// The unsubscribe page in a browser: the newsletter's link becomes a session on that page alone, the button posts
/// with it, and the page without any link says how to unsubscribe.
/// </summary>
public sealed class UnsubscribePageTests(StorageFixture storage)
{
    [Fact]
    public async Task TheLinkBecomesASessionOnThePageAloneAndTheButtonUnsubscribes()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app, newsletter: true);
        var token = Issue(app, member, TokenPurpose.Unsubscribe);

        var exchanged = await ShowAsync(app, $"/api/unsubscribe?token={Uri.EscapeDataString(token)}&lang=en");
        Assert.Equal(303, exchanged.Status);
        Assert.Equal("/api/unsubscribe?lang=en", exchanged.Headers.Location.ToString());
        var cookie = Assert.Single(SetCookies(exchanged));
        Assert.Equal(("cop-unsubscribe", "/api/unsubscribe", true, true), (cookie.Name.Value, cookie.Path.Value, cookie.HttpOnly, cookie.Secure));
        Assert.Equal(app.Get<MemberTokenService>().Verify(token).Token!.ExpiresAt.ToUnixTimeSeconds(), cookie.Expires!.Value.ToUnixTimeSeconds());

        var session = Session(TokenPurpose.Unsubscribe, token);
        var page = await ShowAsync(app, "/api/unsubscribe?lang=en", session);
        Assert.Equal(200, page.Status);
        Assert.Equal([FormToken(token)], FormTokens(page.Body));
        Assert.DoesNotContain(token, page.Body, StringComparison.Ordinal);
        Assert.True((await MemberByEmailAsync(app, member.Email))!.Newsletter);

        var posted = await PostAsync(app, Fields(("formToken", FormTokens(page.Body)[0])), session);
        Assert.Equal(303, posted.Status);
        Assert.Equal("/api/unsubscribe?done=1", posted.Headers.Location.ToString());
        Assert.False((await MemberByEmailAsync(app, member.Email))!.Newsletter);

        var done = await ShowAsync(app, "/api/unsubscribe?done=1&lang=en", session);
        Assert.Equal(200, done.Status);
        Assert.Contains("<h1>You are unsubscribed</h1>", done.Body, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/members/me\"", done.Body, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/documents\"", done.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("forged")]
    public async Task TheButtonWithoutItsFormTokenChangesNothing(string? formToken)
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app, newsletter: true);
        var session = Session(TokenPurpose.Unsubscribe, Issue(app, member, TokenPurpose.Unsubscribe));

        var posted = await PostAsync(app, formToken is null ? Fields(("List-Unsubscribe", "One-Click")) : Fields(("formToken", formToken)), session);

        Assert.Equal(formToken is null ? 400 : 403, posted.Status);
        Assert.StartsWith("text/html", posted.ContentType, StringComparison.Ordinal);
        Assert.True((await MemberByEmailAsync(app, member.Email))!.Newsletter);
    }

    [Fact]
    public async Task AProfileSessionMayUnsubscribeFromThePage()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app, newsletter: true);
        var token = Issue(app, member, TokenPurpose.Profile);
        var session = Session(TokenPurpose.Profile, token);

        var page = await ShowAsync(app, "/api/unsubscribe?lang=es", session);
        var posted = await PostAsync(app, Fields(("formToken", FormTokens(page.Body).Single())), session);

        Assert.Equal(200, page.Status);
        Assert.Contains("<button type=\"submit\">Darme de baja</button>", page.Body, StringComparison.Ordinal);
        Assert.Equal(303, posted.Status);
        Assert.False((await MemberByEmailAsync(app, member.Email))!.Newsletter);
    }

    [Theory]
    [InlineData("en", "Unsubscribe from the newsletter", "Email me a new link")]
    [InlineData("fr", "Se désabonner de la lettre d’information", "M’envoyer un nouveau lien")]
    [InlineData("es", "Darse de baja del boletín", "Enviarme un enlace nuevo")]
    public async Task WithoutALinkThePageSaysHowToUnsubscribe(string language, string title, string button)
    {
        await using var app = TestApp.Create(storage);

        var page = await ShowAsync(app, $"/api/unsubscribe?lang={language}");

        Assert.Equal(200, page.Status);
        Assert.Contains($"<h1>{title}</h1>", page.Body, StringComparison.Ordinal);
        Assert.Contains($"<button type=\"submit\">{button}</button>", page.Body, StringComparison.Ordinal);
        Assert.Contains("action=\"/api/members/access-link\"", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("action=\"/api/unsubscribe\"", page.Body, StringComparison.Ordinal);
    }

    private static async Task<TestResponse> ShowAsync(TestApp app, string pathAndQuery, params (string Name, string Value)[] cookies)
    {
        var request = BrowserGet(app, pathAndQuery, cookies);
        return await TestResponse.ExecuteAsync(await app.Function<ShowUnsubscribeFunction>().ShowUnsubscribe(request, Ct), request);
    }

    private static async Task<TestResponse> PostAsync(TestApp app, IEnumerable<KeyValuePair<string, string>> fields, params (string Name, string Value)[] cookies)
    {
        var request = BrowserPost(app, "/api/unsubscribe", fields, cookies);
        return await TestResponse.ExecuteAsync(await app.Function<UnsubscribeFunction>().Unsubscribe(request, Ct), request);
    }
}
