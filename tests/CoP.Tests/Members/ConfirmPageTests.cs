using CoP.Functions.Http;
using CoP.Functions.Members;
using CoP.Shared.Members;
using CoP.TestSupport;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Members;

/// <summary>
/// The confirmation link as a browser follows it: its token becomes the <c>cop-confirm</c> session cookie, the page's
/// button posts the session's form token, and only that confirms; the welcome page follows (post/redirect/get).
/// </summary>
public sealed class ConfirmPageTests(StorageFixture storage)
{
    private const string Path = "/api/registrations/confirm";

    [Fact]
    public async Task LinkBecomesASessionCookieOnTheConfirmationPathOnly()
    {
        await using var app = TestApp.Create(storage);
        var token = await RegisteredTokenAsync(app);

        var request = app.Get($"{Path}?token={Uri.EscapeDataString(token)}&lang=fr").Accepting("text/html");
        var response = await ExecuteAsync(request, app.Function<ShowConfirmationFunction>().ShowConfirmation(request, Ct));

        Assert.Equal(303, response.Status);
        Assert.Equal($"{Path}?lang=fr", response.Headers.Location.ToString());
        var cookie = Assert.Single(response.Headers.SetCookie.OfType<string>());
        Assert.StartsWith("cop-confirm=", cookie, StringComparison.Ordinal);
        Assert.Contains($"path={Path}", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(token, ConfirmationCookie(response));
        Assert.Equal(MemberStatus.Pending, (await MemberByEmailAsync(app, "amina.diallo@example.org"))!.MemberStatus);
    }

    [Theory]
    [InlineData("en", "Confirm my registration", "Welcome to the community", "What comes next")]
    [InlineData("fr", "Confirmer mon inscription", "Bienvenue dans la communauté", "Et maintenant")]
    [InlineData("es", "Confirmar mi inscripción", "Bienvenido a la comunidad", "Próximos pasos")]
    public async Task ButtonConfirmsWithTheSessionAndLeadsToTheWelcomePage(string language, string button, string welcome, string next)
    {
        await using var app = TestApp.Create(storage);
        var token = await RegisteredTokenAsync(app);

        var page = await PageAsync(app, Path, token, language);
        var confirmed = await PostAsync(app, token, MemberSessions.FormToken(token), language);
        var greeted = await PageAsync(app, confirmed.Headers.Location.ToString(), token, language);

        Assert.Equal(200, page.Status);
        Assert.Contains($"<button type=\"submit\">{button}</button>", page.Body, StringComparison.Ordinal);
        Assert.Equal((303, $"{Path}?welcome=1"), (confirmed.Status, confirmed.Headers.Location.ToString()));
        Assert.Equal(MemberStatus.Confirmed, (await MemberByEmailAsync(app, "amina.diallo@example.org"))!.MemberStatus);
        Assert.Equal(200, greeted.Status);
        Assert.Contains(welcome, greeted.Body, StringComparison.Ordinal);
        Assert.Contains($"<h2>{next}</h2>", greeted.Body, StringComparison.Ordinal);
        foreach (var link in new[] { "/api/documents", "/api/polls", "/api/members/me" })
        {
            Assert.Contains($"<li><a href=\"{link}\">", greeted.Body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong")]
    [InlineData("of another token")]
    public async Task FormWithoutTheSessionsFormTokenIsRefusedAndConfirmsNothing(string? formToken)
    {
        await using var app = TestApp.Create(storage);
        var token = await RegisteredTokenAsync(app);
        var other = app.Get<MemberTokenService>().Issue("0123456789abcdef0123456789abcdef", 0, TokenPurpose.Confirm);

        var refused = await PostAsync(app, token, formToken == "of another token" ? MemberSessions.FormToken(other) : formToken);

        Assert.Equal(403, refused.Status);
        Assert.StartsWith("text/html", refused.ContentType, StringComparison.Ordinal);
        Assert.Contains("This form has expired", refused.Body, StringComparison.Ordinal);
        var member = (await MemberByEmailAsync(app, "amina.diallo@example.org"))!;
        Assert.Equal(MemberStatus.Pending, member.MemberStatus);
        Assert.Equal(["registration"], (await app.Get<ConsentLedger>().HistoryAsync(member.MemberId, Ct)).Select(e => e.Event));
    }

    [Fact]
    public async Task FormWithoutASessionOffersANewLink()
    {
        await using var app = TestApp.Create(storage);
        var token = await RegisteredTokenAsync(app);

        var refused = await PostAsync(app, null, MemberSessions.FormToken(token));

        Assert.Equal(400, refused.Status);
        Assert.Contains("/api/members/access-link", refused.Body, StringComparison.Ordinal);
        Assert.Equal(MemberStatus.Pending, (await MemberByEmailAsync(app, "amina.diallo@example.org"))!.MemberStatus);
    }

    [Fact]
    public async Task WelcomePageIsNotShownBeforeTheRegistrationIsConfirmed()
    {
        await using var app = TestApp.Create(storage);
        var token = await RegisteredTokenAsync(app);

        var page = await PageAsync(app, $"{Path}?welcome=1", token, "en");

        Assert.Equal(200, page.Status);
        Assert.DoesNotContain("Welcome to the community", page.Body, StringComparison.Ordinal);
        Assert.Contains("Confirm my registration", page.Body, StringComparison.Ordinal);
    }

    private static async Task<string> RegisteredTokenAsync(TestApp app)
    {
        await RegisterAsync(app, Registration());
        return TokenFromLink(app.Outbox().Single().TextBody, Path);
    }

    private static async Task<TestResponse> PageAsync(TestApp app, string pathAndQuery, string cookie, string language)
    {
        var request = app.Get(pathAndQuery).Accepting("text/html").WithHeader("Accept-Language", language).WithHeader("Cookie", $"cop-confirm={cookie}");
        return await ExecuteAsync(request, app.Function<ShowConfirmationFunction>().ShowConfirmation(request, Ct));
    }

    private static async Task<TestResponse> PostAsync(TestApp app, string? cookie, string? formToken, string language = "en")
    {
        var fields = formToken is null ? [] : new[] { KeyValuePair.Create(MemberSessions.FormTokenField, formToken) };
        var request = TestRequests.Form(app.Services, "POST", Path, fields).Accepting("text/html").WithHeader("Accept-Language", language);
        if (cookie is not null)
        {
            request.WithHeader("Cookie", $"cop-confirm={cookie}");
        }

        return await ExecuteAsync(request, app.Function<ConfirmRegistrationFunction>().ConfirmRegistration(request, Ct));
    }
}
