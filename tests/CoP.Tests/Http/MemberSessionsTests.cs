using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Http;

/// <summary>
/// Personal links become browser sessions: the token moves from the address to a cookie as narrow as its purpose, and
/// forms posted on behalf of a session must carry the anti-forgery field that only the session's own pages know.
/// </summary>
public sealed class MemberSessionsTests(StorageFixture storage)
{
    [Fact]
    public async Task MovesAProfileTokenIntoASiteWideCookieAndDropsItFromTheAddressWhenALinkIsOpened()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);
        var tokens = app.Get<MemberTokenService>();
        var token = tokens.Issue(member.MemberId, member.LinkGeneration, TokenPurpose.Profile);

        var answer = await ExchangeAsync(app, $"/api/members/me?lang=fr&token={Uri.EscapeDataString(token)}&topic=a&topic=b");

        Assert.Equal(303, answer.StatusCode);
        Assert.Equal("/api/members/me?lang=fr&topic=a&topic=b", answer.Headers.Location.ToString());
        Assert.Equal("no-store", answer.Headers.CacheControl.ToString());
        var cookie = Assert.Single(SetCookieHeaderValue.ParseList([.. answer.Headers.SetCookie.OfType<string>()]));
        Assert.Equal("cop-profile", cookie.Name.ToString());
        Assert.Equal(token, Uri.UnescapeDataString(cookie.Value.ToString()));
        Assert.Equal("/", cookie.Path.ToString());
        Assert.True(cookie.HttpOnly);
        Assert.True(cookie.Secure);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, cookie.SameSite);
        Assert.Equal(tokens.Verify(token).Token!.ExpiresAt.ToUnixTimeSeconds(), cookie.Expires!.Value.ToUnixTimeSeconds());
    }

    [Theory]
    [InlineData(TokenPurpose.Vote, "/api/polls/fedcba9876543210fedcba9876543210", "cop-vote")]
    [InlineData(TokenPurpose.Unsubscribe, "/api/unsubscribe", "cop-unsubscribe")]
    [InlineData(TokenPurpose.Confirm, "/api/registrations/confirm", "cop-confirm")]
    [InlineData(TokenPurpose.Account, "/api/members/me", "cop-account")]
    public async Task KeepsANarrowLinksSessionOnThePageItOpenedWhenItIsExchanged(TokenPurpose purpose, string page, string name)
    {
        await using var app = TestApp.Create(storage);
        var token = app.Get<MemberTokenService>().Issue("0123456789abcdef0123456789abcdef", 0, purpose, purpose == TokenPurpose.Vote ? "fedcba9876543210fedcba9876543210" : null);

        var answer = await ExchangeAsync(app, $"{page}?token={Uri.EscapeDataString(token)}");

        var cookie = Assert.Single(SetCookieHeaderValue.ParseList([.. answer.Headers.SetCookie.OfType<string>()]));
        Assert.Equal(name, cookie.Name.ToString());
        Assert.Equal(purpose == TokenPurpose.Account ? "/" : page, cookie.Path.ToString());
        Assert.Equal(page, answer.Headers.Location.ToString());
    }

    [Fact]
    public async Task EndsAnotherMembersSessionWhenAMemberOpensTheirOwnLink()
    {
        await using var app = TestApp.Create(storage);
        var (victim, _) = await ConfirmedMemberAsync(app, "victim@example.org");
        var (attacker, _) = await ConfirmedMemberAsync(app, "attacker@example.org");
        var tokens = app.Get<MemberTokenService>();
        var planted = tokens.Issue(attacker.MemberId, attacker.LinkGeneration, TokenPurpose.Account);
        var own = tokens.Issue(victim.MemberId, victim.LinkGeneration, TokenPurpose.Profile);
        var request = app.Get($"/api/members/me?token={Uri.EscapeDataString(own)}").WithHeader("Cookie", $"cop-account={planted}");

        await app.Get<MemberSessions>().Exchange(request)!.ExecuteAsync(request.HttpContext);

        var cookies = SetCookieHeaderValue.ParseList([.. request.HttpContext.Response.Headers.SetCookie.OfType<string>()]);
        Assert.Contains(cookies, c => c.Name == "cop-account" && c.Expires < DateTimeOffset.UtcNow && c.Path == "/");
        Assert.Contains(cookies, c => c.Name == "cop-profile" && Uri.UnescapeDataString(c.Value.ToString()) == own);

        // The same member's account session stays beside the profile one.
        var mine = tokens.Issue(victim.MemberId, victim.LinkGeneration, TokenPurpose.Account);
        var again = app.Get($"/api/members/me?token={Uri.EscapeDataString(own)}").WithHeader("Cookie", $"cop-account={mine}");
        await app.Get<MemberSessions>().Exchange(again)!.ExecuteAsync(again.HttpContext);
        Assert.DoesNotContain(SetCookieHeaderValue.ParseList([.. again.HttpContext.Response.Headers.SetCookie.OfType<string>()]), c => c.Name == "cop-account");
    }

    [Theory]
    [InlineData("/api/members/me?Token={0}&lang=fr", "/api/members/me?lang=fr", "/")]
    [InlineData("/api/Polls/FEDCBA9876543210FEDCBA9876543210?TOKEN={0}", "/api/Polls/FEDCBA9876543210FEDCBA9876543210", "/api/polls/fedcba9876543210fedcba9876543210")]
    public async Task DropsTheTokenWhateverTheCaseOfItsNameAndScopesTheCookieToThePathTheFormsUse(string link, string location, string path)
    {
        await using var app = TestApp.Create(storage);
        var tokens = app.Get<MemberTokenService>();
        var token = link.Contains("Polls", StringComparison.Ordinal)
            ? tokens.Issue("0123456789abcdef0123456789abcdef", 0, TokenPurpose.Vote, "fedcba9876543210fedcba9876543210")
            : tokens.Issue("0123456789abcdef0123456789abcdef", 0, TokenPurpose.Profile);

        var answer = await ExchangeAsync(app, string.Format(System.Globalization.CultureInfo.InvariantCulture, link, Uri.EscapeDataString(token)));

        Assert.Equal(location, answer.Headers.Location.ToString());
        Assert.Equal(path, Assert.Single(SetCookieHeaderValue.ParseList([.. answer.Headers.SetCookie.OfType<string>()])).Path.ToString());
    }

    [Theory]
    [InlineData("?token=not-a-token")]
    [InlineData("?token=")]
    [InlineData("")]
    public async Task LeavesABadOrMissingLinkToThePageWhenThereIsNothingToExchange(string query)
    {
        await using var app = TestApp.Create(storage);

        Assert.Null(app.Get<MemberSessions>().Exchange(app.Get("/api/members/me" + query)));
    }

    [Fact]
    public async Task SpeaksForTheMemberOfTheCookieAndEndsWhenTheLinksAreRevoked()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);
        var token = app.Get<MemberTokenService>().Issue(member.MemberId, member.LinkGeneration, TokenPurpose.Profile);
        var sessions = app.Get<MemberSessions>();

        var open = Assert.IsType<MemberSession.Open>(await sessions.AuthenticateAsync(WithCookie(app, "cop-profile", token), MemberAction.ChangeProfile, cancellationToken: Ct));
        Assert.Equal(member.MemberId, open.Member.MemberId);
        Assert.Equal(TokenPurpose.Profile, open.Purpose);

        // A profile session cannot export; a vote session cannot open the profile.
        Assert.IsType<MemberSession.None>(await sessions.AuthenticateAsync(WithCookie(app, "cop-profile", token), MemberAction.ExportData, cancellationToken: Ct));
        var vote = app.Get<MemberTokenService>().Issue(member.MemberId, member.LinkGeneration, TokenPurpose.Vote, "fedcba9876543210fedcba9876543210");
        Assert.IsType<MemberSession.None>(await sessions.AuthenticateAsync(WithCookie(app, "cop-vote", vote), MemberAction.ViewProfile, cancellationToken: Ct));

        await app.Get<MemberAccountService>().RevokeLinksAsync(member.MemberId, Ct);

        var revoked = Assert.IsType<MemberSession.None>(await sessions.AuthenticateAsync(WithCookie(app, "cop-profile", token), MemberAction.ChangeProfile, cancellationToken: Ct));
        Assert.Equal(TokenStatus.Revoked, revoked.Status);
    }

    [Fact]
    public async Task TriesTheAccountSessionBeforeTheProfileOneAndFallsBackWhenItNoLongerWorks()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);
        var tokens = app.Get<MemberTokenService>();
        var profile = tokens.Issue(member.MemberId, member.LinkGeneration, TokenPurpose.Profile);
        var account = tokens.Issue(member.MemberId, member.LinkGeneration, TokenPurpose.Account);
        var sessions = app.Get<MemberSessions>();
        var both = app.Get("/api/members/me").WithHeader("Cookie", $"cop-profile={profile}; cop-account={account}");

        Assert.Equal(TokenPurpose.Account, Assert.IsType<MemberSession.Open>(await sessions.AuthenticateAsync(both, MemberAction.ViewProfile, cancellationToken: Ct)).Purpose);

        var staleAccount = app.Get("/api/members/me").WithHeader("Cookie", $"cop-profile={profile}; cop-account=expired-or-forged");
        Assert.Equal(TokenPurpose.Profile, Assert.IsType<MemberSession.Open>(await sessions.AuthenticateAsync(staleAccount, MemberAction.ViewProfile, cancellationToken: Ct)).Purpose);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("forged")]
    [InlineData("other")]
    public async Task RefusesAFormPostedForASessionWithoutItsOwnAntiForgeryField(string? field)
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);
        var token = app.Get<MemberTokenService>().Issue(member.MemberId, member.LinkGeneration, TokenPurpose.Profile);
        var other = app.Get<MemberTokenService>().Issue(member.MemberId, member.LinkGeneration, TokenPurpose.Account);
        var fields = new List<KeyValuePair<string, string>> { new("name", "Amina") };
        if (field is not null)
        {
            fields.Add(new(MemberSessions.FormTokenField, field == "other" ? MemberSessions.FormToken(other) : field));
        }

        var request = TestRequests.Form(app.Services, "POST", "/api/members/me", fields).WithHeader("Cookie", $"cop-profile={token}");
        var form = await request.ReadFormAsync(Ct);

        Assert.IsType<MemberSession.Forged>(await app.Get<MemberSessions>().AuthenticateFormAsync(request, form, MemberAction.ChangeProfile, cancellationToken: Ct));
    }

    [Fact]
    public async Task AcceptsAFormThatCarriesTheSessionsAntiForgeryField()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);
        var token = app.Get<MemberTokenService>().Issue(member.MemberId, member.LinkGeneration, TokenPurpose.Profile);
        var request = TestRequests.Form(app.Services, "POST", "/api/members/me", [new(MemberSessions.FormTokenField, MemberSessions.FormToken(token))])
            .WithHeader("Cookie", $"cop-profile={token}");

        var session = await app.Get<MemberSessions>().AuthenticateFormAsync(request, await request.ReadFormAsync(Ct), MemberAction.ChangeProfile, cancellationToken: Ct);

        Assert.Equal(member.MemberId, Assert.IsType<MemberSession.Open>(session).Member.MemberId);
        Assert.DoesNotContain(token, MemberSessions.FormToken(token), StringComparison.Ordinal);
    }

    private static HttpRequest WithCookie(TestApp app, string name, string token) =>
        app.Get("/api/members/me").WithHeader("Cookie", $"{name}={token}");

    // The redirect alone (the routes that use it declare their 303 in the contract themselves).
    private static async Task<HttpResponse> ExchangeAsync(TestApp app, string pathAndQuery)
    {
        var request = app.Get(pathAndQuery);
        var result = app.Get<MemberSessions>().Exchange(request);
        Assert.NotNull(result);
        await result.ExecuteAsync(request.HttpContext);
        return request.HttpContext.Response;
    }
}
