using System.Net;
using CoP.Functions.Members;
using CoP.Shared.Members;
using CoP.TestSupport;
using static CoP.Tests.Members.MemberPageFlows;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Members;

/// <summary>
/// The profile page (<c>GET /api/members/me</c> in a browser) and its forms: the link that becomes a session, the form
/// saved through the API's rules, and what an account session adds (export, erase, revoking links).
/// </summary>
public sealed class ProfilePageTests(StorageFixture storage)
{
    [Theory]
    [InlineData(TokenPurpose.Profile, "cop-profile")]
    [InlineData(TokenPurpose.Account, "cop-account")]
    public async Task ALinkBecomesAStrictSessionCookieAndThePageReloadsWithoutTheToken(TokenPurpose purpose, string cookie)
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);
        var token = Issue(app, member, purpose);
        var expires = app.Get<MemberTokenService>().Verify(token).Token!.ExpiresAt;

        var request = BrowserGet(app, $"/api/members/me?lang=es&token={Uri.EscapeDataString(token)}&utm_source=newsletter");
        var response = await TestResponse.ExecuteAsync(await app.Function<GetMyProfileFunction>().GetMyProfile(request, Ct), request);

        Assert.Equal(303, response.Status);
        Assert.Equal("/api/members/me?lang=es&utm_source=newsletter", response.Headers.Location.ToString());
        var set = Assert.Single(SetCookies(response));
        Assert.Equal((cookie, token), (set.Name.Value, Uri.UnescapeDataString(set.Value.Value!)));
        Assert.True(set.HttpOnly);
        Assert.True(set.Secure);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, set.SameSite);
        Assert.Equal("/", set.Path.Value);
        Assert.Equal(expires.ToUnixTimeSeconds(), set.Expires!.Value.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task AProfileSessionSeesItsFormButNotExportOrErase()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);
        var token = Issue(app, member, TokenPurpose.Profile);

        var page = await PageAsync(app, "/api/members/me?lang=en", Session(TokenPurpose.Profile, token));

        Assert.Equal(200, page.Status);
        Assert.Contains("<form method=\"post\" action=\"/api/members/me\"", page.Body, StringComparison.Ordinal);
        Assert.Contains("value=\"Amina Diallo\"", page.Body, StringComparison.Ordinal);
        Assert.Contains("<option value=\"SN\" selected>Senegal</option>", page.Body, StringComparison.Ordinal);
        Assert.Contains("<input type=\"checkbox\" name=\"topics\" value=\"biochar\" checked>", page.Body, StringComparison.Ordinal);
        Assert.Contains("<input type=\"radio\" name=\"newsletter\" value=\"yes\" checked>", page.Body, StringComparison.Ordinal);
        Assert.All(FormTokens(page.Body), value => Assert.Equal(FormToken(token), value));
        Assert.Contains("action=\"/api/members/me/account-link\"", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("/api/members/me/export", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("/api/members/me/erase", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("/api/members/me/revoke-links", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAccountSessionAlsoSeesExportEraseAndRevoke()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);
        var token = Issue(app, member, TokenPurpose.Account);

        var page = await PageAsync(app, "/api/members/me?lang=en", Session(TokenPurpose.Account, token));

        Assert.Equal(200, page.Status);
        Assert.Contains("href=\"/api/members/me/export\" download", page.Body, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/members/me/erase\"", page.Body, StringComparison.Ordinal);
        Assert.Contains("action=\"/api/members/me/revoke-links\"", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("/api/members/me/account-link", page.Body, StringComparison.Ordinal);
        Assert.Equal(2, FormTokens(page.Body).Count(value => value == FormToken(token)));
    }

    [Theory]
    [InlineData(null, "fr", "Mon profil", "Enregistrer mon profil")]
    [InlineData("en", "en", "My profile", "Save my profile")]
    [InlineData("es", "es", "Mi perfil", "Guardar mi perfil")]
    public async Task ThePageSpeaksTheMembersLanguageUnlessTheSwitchChoseOne(string? chosen, string language, string title, string button)
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);

        var page = await PageAsync(app, chosen is null ? "/api/members/me" : $"/api/members/me?lang={chosen}", Session(TokenPurpose.Profile, Issue(app, member, TokenPurpose.Profile)));

        Assert.Equal(200, page.Status);
        Assert.Equal(language, page.Headers.ContentLanguage.ToString());
        Assert.Contains($"<h1>{title}</h1>", page.Body, StringComparison.Ordinal);
        Assert.Contains($"<button type=\"submit\">{button}</button>", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SavingTheFormChangesTheProfileThenShowsItSaved()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);
        var token = Issue(app, member, TokenPurpose.Profile);
        var session = Session(TokenPurpose.Profile, token);

        var saved = await SaveAsync(app, session, Fields(
            ("formToken", FormToken(token)), ("name", "Amina D. <Soil & Co>"), ("organization", ""), ("role", "Agronomist"),
            ("country", "KE"), ("language", "es"), ("topics", "monitoring-slm"), ("newsletter", "no")));

        Assert.Equal(303, saved.Status);
        Assert.Equal("/api/members/me?saved=1", saved.Headers.Location.ToString());
        var stored = (await MemberByEmailAsync(app, member.Email))!;
        Assert.Equal(("Amina D. <Soil & Co>", null, "Agronomist", "KE", "es", "monitoring-slm", false),
            (stored.Name, stored.Organization, stored.Role, stored.Country, stored.Language, stored.Topics, stored.Newsletter));
        Assert.Equal("newsletter-opt-out", (await app.Get<ConsentLedger>().HistoryAsync(member.MemberId, Ct))[^1].Event);

        var page = await PageAsync(app, "/api/members/me?saved=1", session);
        Assert.Equal("es", page.Headers.ContentLanguage.ToString());
        Assert.Contains("<p class=\"notice\" role=\"status\">Guardado.", page.Body, StringComparison.Ordinal);
        Assert.Contains("value=\"Amina D. &lt;Soil &amp; Co&gt;\"", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<Soil", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileTextInEveryFieldIsRefusedShownEncodedAndNothingIsStored()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);
        var token = Issue(app, member, TokenPurpose.Profile);
        // Markup alone is text like any (the API stores it, every page encodes it); the override character is refused.
        const string Hostile = "\"><script>alert(1)</script>\u202E";

        var refused = await SaveAsync(app, Session(TokenPurpose.Profile, token), Fields(
            ("formToken", FormToken(token)), ("name", Hostile), ("organization", Hostile), ("role", Hostile),
            ("country", Hostile), ("language", Hostile), ("topics", Hostile), ("newsletter", Hostile)));

        Assert.Equal(400, refused.Status);
        Assert.StartsWith("text/html", refused.ContentType, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", refused.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<div class=\"alert\" role=\"alert\">", refused.Body, StringComparison.Ordinal);
        foreach (var field in new[] { "name", "organization", "role" })
        {
            Assert.Contains($"<span class=\"error\" id=\"{field}-error\">", refused.Body, StringComparison.Ordinal);
            Assert.Contains($"aria-invalid=\"true\" aria-describedby=\"{field}-error\"", refused.Body, StringComparison.Ordinal);
            Assert.Contains($"<li><a href=\"#{field}\">", refused.Body, StringComparison.Ordinal);
        }

        foreach (var field in new[] { "country", "language", "topics", "newsletter" })
        {
            Assert.Contains($"id=\"{field}-error\"", refused.Body, StringComparison.Ordinal);
        }

        // The values come back as typed, encoded.
        Assert.Equal(3, HtmlAttributeValues(refused.Body, "value").Count(v => v == Hostile));
        var stored = (await MemberByEmailAsync(app, member.Email))!;
        Assert.Equal(member.ETag, stored.ETag);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-form-token")]
    [InlineData("other session")]
    public async Task AFormWithoutItsSessionsFormTokenIsRefusedAndChangesNothing(string? formToken)
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);
        var token = Issue(app, member, TokenPurpose.Profile);
        var fields = new List<(string, string)> { ("name", "Someone Else"), ("newsletter", "no") };
        if (formToken is not null)
        {
            fields.Add(("formToken", formToken == "other session" ? FormToken(Issue(app, member, TokenPurpose.Account)) : formToken));
        }

        var refused = await SaveAsync(app, Session(TokenPurpose.Profile, token), Fields([.. fields]));

        Assert.Equal(403, refused.Status);
        Assert.StartsWith("text/html", refused.ContentType, StringComparison.Ordinal);
        Assert.Equal(member.ETag, (await MemberByEmailAsync(app, member.Email))!.ETag);
    }

    [Theory]
    [InlineData(TokenPurpose.Vote)]
    [InlineData(TokenPurpose.Unsubscribe)]
    [InlineData(TokenPurpose.Confirm)]
    public async Task NarrowSessionsDoNotOpenTheProfile(TokenPurpose purpose)
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);
        var token = Issue(app, member, purpose);
        var cookies = new[] { Session(purpose, token), Session(TokenPurpose.Profile, token), Session(TokenPurpose.Account, token) };

        var page = await PageAsync(app, "/api/members/me?lang=en", cookies);
        var save = await SaveAsync(app, cookies[1], Fields(("formToken", FormToken(token)), ("name", "Changed")));

        Assert.Equal(401, page.Status);
        Assert.Contains("<h1>Your link has expired</h1>", page.Body, StringComparison.Ordinal);
        Assert.Contains("action=\"/api/members/access-link\"", page.Body, StringComparison.Ordinal);
        Assert.Equal(401, save.Status);
        Assert.Equal(member.ETag, (await MemberByEmailAsync(app, member.Email))!.ETag);
    }

    [Fact]
    public async Task RevokingLinksFromThePageEndsTheSession()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);
        var token = Issue(app, member, TokenPurpose.Account);
        var session = Session(TokenPurpose.Account, token);

        var request = BrowserPost(app, "/api/members/me/revoke-links?lang=en", Fields(("formToken", FormToken(token))), session);
        var revoked = await TestResponse.ExecuteAsync(await app.Function<RevokeMyLinksFunction>().RevokeMyLinks(request, Ct), request);

        Assert.Equal(200, revoked.Status);
        Assert.Contains("<h1>Your links no longer work</h1>", revoked.Body, StringComparison.Ordinal);
        Assert.Contains(SetCookies(revoked), c => c.Name == "cop-account" && c.Expires < DateTimeOffset.UtcNow);
        Assert.Equal(1, (await MemberByEmailAsync(app, member.Email))!.LinkGeneration);
        Assert.Equal(401, (await PageAsync(app, "/api/members/me", session)).Status);
    }

    [Fact]
    public async Task ExportIsADownloadForAnAccountSessionOnly()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);

        var request = BrowserGet(app, "/api/members/me/export", Session(TokenPurpose.Account, Issue(app, member, TokenPurpose.Account)));
        var export = await TestResponse.ExecuteAsync(await app.Function<ExportMyDataFunction>().ExportMyData(request, Ct), request);
        var profileRequest = BrowserGet(app, "/api/members/me/export", Session(TokenPurpose.Profile, Issue(app, member, TokenPurpose.Profile)));
        var refused = await TestResponse.ExecuteAsync(await app.Function<ExportMyDataFunction>().ExportMyData(profileRequest, Ct), profileRequest);

        Assert.Equal(200, export.Status);
        Assert.StartsWith("application/json", export.ContentType, StringComparison.Ordinal);
        Assert.Equal("attachment; filename=\"my-data.json\"", export.Headers.ContentDisposition.ToString());
        Assert.Equal(member.Email, export.Json().GetProperty("member").GetProperty("email").GetString());
        Assert.Equal(401, refused.Status);
        Assert.StartsWith("text/html", refused.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErasingThroughTheConfirmationPageErasesTheMemberAndEndsTheSession()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);
        var token = Issue(app, member, TokenPurpose.Account);
        var session = Session(TokenPurpose.Account, token);

        var show = BrowserGet(app, "/api/members/me/erase?lang=en", session);
        var confirmation = await TestResponse.ExecuteAsync(await app.Function<ShowErasureFunction>().ShowErasure(show, Ct), show);
        Assert.Equal(200, confirmation.Status);
        Assert.Equal([FormToken(token)], FormTokens(confirmation.Body));
        Assert.NotNull(await MemberByEmailAsync(app, member.Email));

        var post = BrowserPost(app, "/api/members/me/erase?lang=en", Fields(("formToken", FormTokens(confirmation.Body)[0])), session);
        var erased = await TestResponse.ExecuteAsync(await app.Function<EraseMyAccountFunction>().EraseMyAccount(post, Ct), post);

        Assert.Equal(200, erased.Status);
        Assert.Contains("<h1>Your account is erased</h1>", erased.Body, StringComparison.Ordinal);
        Assert.Contains(SetCookies(erased), c => c.Name == "cop-account" && c.Expires < DateTimeOffset.UtcNow);
        Assert.Null(await MemberByEmailAsync(app, member.Email));
        Assert.Equal("erase", (await app.Get<ConsentLedger>().HistoryAsync(member.MemberId, Ct))[^1].Event);
    }

    [Fact]
    public async Task AProfileSessionCannotEraseButCanMailItselfAnAccountLink()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);
        var token = Issue(app, member, TokenPurpose.Profile);
        var session = Session(TokenPurpose.Profile, token);

        var erase = BrowserPost(app, "/api/members/me/erase", Fields(("formToken", FormToken(token))), session);
        var refused = await TestResponse.ExecuteAsync(await app.Function<EraseMyAccountFunction>().EraseMyAccount(erase, Ct), erase);
        Assert.Equal(401, refused.Status);
        Assert.NotNull(await MemberByEmailAsync(app, member.Email));

        var before = app.Outbox().Count;
        var mail = BrowserPost(app, "/api/members/me/account-link?lang=en", Fields(("formToken", FormToken(token))), session);
        var sent = await DeliveredAsync(app, await TestResponse.ExecuteAsync(await app.Function<MailMyAccountLinkFunction>().MailMyAccountLink(mail, Ct), mail));

        Assert.Equal(200, sent.Status);
        Assert.Contains("<h1>Check your inbox</h1>", sent.Body, StringComparison.Ordinal);
        var link = Assert.Single(app.Outbox().Skip(before));
        Assert.Equal(member.Email, link.To.Address);
        var accountToken = TokenFromLink(link.TextBody, "/api/members/me");
        Assert.Equal(TokenPurpose.Account, app.Get<MemberTokenService>().Verify(accountToken).Token!.Purpose);
    }

    [Fact]
    public async Task WithoutASessionThePageOffersANewLink()
    {
        await using var app = TestApp.Create(storage);

        var page = await PageAsync(app, "/api/members/me?lang=fr");

        Assert.Equal(401, page.Status);
        Assert.Contains("<h1>Votre lien a expiré</h1>", page.Body, StringComparison.Ordinal);
        Assert.Contains("action=\"/api/members/access-link\"", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScriptsStillGetJson()
    {
        await using var app = TestApp.Create(storage);
        var (_, account) = await ConfirmedMemberAsync(app);

        var profile = await GetProfileAsync(app, account);

        Assert.Equal(200, profile.Status);
        Assert.Equal("Amina Diallo", profile.Json().GetProperty("name").GetString());
    }

    private static async Task<TestResponse> PageAsync(TestApp app, string pathAndQuery, params (string Name, string Value)[] cookies)
    {
        var request = BrowserGet(app, pathAndQuery, cookies);
        return await TestResponse.ExecuteAsync(await app.Function<GetMyProfileFunction>().GetMyProfile(request, Ct), request);
    }

    private static async Task<TestResponse> SaveAsync(TestApp app, (string Name, string Value) session, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var request = BrowserPost(app, "/api/members/me?lang=en", fields, session);
        return await TestResponse.ExecuteAsync(await app.Function<SaveMyProfileFunction>().SaveMyProfile(request, Ct), request);
    }

    private static IEnumerable<string> HtmlAttributeValues(string body, string attribute) =>
        System.Text.RegularExpressions.Regex.Matches(body, $" {attribute}=\"([^\"]*)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value));
}
