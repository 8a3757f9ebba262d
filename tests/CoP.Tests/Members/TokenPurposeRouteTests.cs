using CoP.Functions.Members;
using CoP.Functions.Polls;
using CoP.Shared.Members;
using CoP.TestSupport;
using static CoP.Tests.Polls.PollTestFlows;

namespace CoP.Tests.Members;

/// <summary>
/// Every member route against every token purpose: a link does exactly the job it was mailed for, whatever a
/// forwarded newsletter or a link scanner does with it, and no link of an older generation does anything.
/// </summary>
public sealed class TokenPurposeRouteTests(StorageFixture storage)
{
    public enum Route
    {
        ViewProfile,
        ChangeProfile,
        Export,
        Erase,
        RevokeLinks,
        UploadDocument,
        CastBallot,
        BallotPage,
        Unsubscribe,
    }

    /// <summary>Which routes each purpose opens; every other route refuses it.</summary>
    private static readonly Dictionary<TokenPurpose, Route[]> Opens = new()
    {
        [TokenPurpose.Confirm] = [],
        [TokenPurpose.Vote] = [Route.CastBallot, Route.BallotPage],
        [TokenPurpose.Profile] = [Route.ViewProfile, Route.ChangeProfile, Route.UploadDocument, Route.Unsubscribe],
        [TokenPurpose.Account] = Enum.GetValues<Route>(),
        [TokenPurpose.Unsubscribe] = [Route.Unsubscribe],
    };

    public static TheoryData<TokenPurpose, Route> EveryPurposeOnEveryRoute()
    {
        var data = new TheoryData<TokenPurpose, Route>();
        foreach (var purpose in Opens.Keys)
        {
            foreach (var route in Enum.GetValues<Route>())
            {
                data.Add(purpose, route);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPurposeOnEveryRoute))]
    public async Task ATokenOpensOnlyTheRoutesOfItsPurpose(TokenPurpose purpose, Route route)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition());
        var (memberId, _) = await MemberAsync(app);
        var token = app.Get<MemberTokenService>().Issue(memberId, 0, purpose, purpose == TokenPurpose.Vote ? pollId : null);

        var (status, opened) = await CallAsync(app, route, token, pollId);

        Assert.True(opened == Opens[purpose].Contains(route), $"{purpose} on {route}: {status}");
        if (!opened && route is not (Route.CastBallot or Route.BallotPage or Route.Unsubscribe))
        {
            // A valid link of the wrong purpose is told so (403), not taken for a broken one.
            Assert.Equal(403, status);
        }
    }

    [Fact]
    public async Task AVoteTokenOpensItsOwnPollOnly()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition());
        var otherPoll = await PollAsync(app, Definition());
        var (memberId, _) = await MemberAsync(app);
        var token = VoteToken(app, memberId, pollId);

        Assert.False((await CallAsync(app, Route.CastBallot, token, otherPoll)).Opened);
        Assert.False((await CallAsync(app, Route.BallotPage, token, otherPoll)).Opened);
        Assert.True((await CallAsync(app, Route.CastBallot, token, pollId)).Opened);
    }

    [Fact]
    public async Task RevokingLinksMakesEveryEarlierTokenGet401AndLaterOnesWork()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition());
        var (memberId, account) = await MemberAsync(app);
        var tokens = app.Get<MemberTokenService>();
        var earlier = Enum.GetValues<Route>().ToDictionary(r => r, r => Opens.First(p => p.Value.Contains(r)).Key)
            .ToDictionary(p => p.Key, p => tokens.Issue(memberId, 0, p.Value, p.Value == TokenPurpose.Vote ? pollId : null));

        var revoked = await CallAsync(app, Route.RevokeLinks, account, pollId);

        Assert.Equal(200, revoked.Status);
        Assert.Equal(1, (await app.Get<MemberStore>().GetAsync(memberId, MemberTestFlows.Ct))!.LinkGeneration);
        foreach (var (route, token) in earlier)
        {
            var (status, opened) = await CallAsync(app, route, token, pollId);
            Assert.False(opened, $"{route} opened with a revoked token");
            Assert.Equal(route == Route.BallotPage ? 200 : 401, status); // the ballot page stays readable, without its form
        }

        Assert.Equal(401, (await CallAsync(app, Route.RevokeLinks, account, pollId)).Status);
        var fresh = tokens.Issue(memberId, 1, TokenPurpose.Account);
        Assert.Equal(200, (await CallAsync(app, Route.ViewProfile, fresh, pollId)).Status);
    }

    [Fact]
    public async Task LinksMailedAfterARevocationCarryTheNewGeneration()
    {
        await using var app = TestApp.Create(storage);
        var (member, account) = await MemberTestFlows.ConfirmedMemberAsync(app);
        Assert.Equal(200, (await CallAsync(app, Route.RevokeLinks, account, "0123456789abcdef0123456789abcdef")).Status);

        await MemberTestFlows.RequestAccessLinkAsync(app, member.Email);

        var mailed = MemberTestFlows.TokenFromLink(app.Outbox().Last(m => m.Category == "access-link").TextBody, "/api/members/me");
        var verification = app.Get<MemberTokenService>().Verify(mailed);
        Assert.Equal((TokenPurpose.Account, 1), (verification.Token!.Purpose, verification.Token.Generation));
        Assert.Equal(200, (await CallAsync(app, Route.Export, mailed, "0123456789abcdef0123456789abcdef")).Status);
    }

    [Fact]
    public async Task OnlyAnAccountLinkIsMailedOnRequestAndItLivesAnHour()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        await MemberTestFlows.ConfirmedMemberAsync(app);

        await MemberTestFlows.RequestAccessLinkAsync(app, "amina.diallo@example.org");

        var mail = app.Outbox().Last(m => m.Category == "access-link");
        var token = MemberTestFlows.TokenFromLink(mail.TextBody, "/api/members/me");
        Assert.Equal(TokenPurpose.Account, app.Get<MemberTokenService>().Verify(token).Token!.Purpose);
        Assert.Contains("60 minutes", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(200, (await CallAsync(app, Route.Export, token, "0123456789abcdef0123456789abcdef")).Status);
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(401, (await CallAsync(app, Route.Export, token, "0123456789abcdef0123456789abcdef")).Status);
    }

    [Fact]
    public async Task ARegistrationOfAKnownAddressMailsAProfileLinkThatCannotEraseOrExport()
    {
        await using var app = TestApp.Create(storage);
        await MemberTestFlows.ConfirmedMemberAsync(app);

        await MemberTestFlows.RegisterAsync(app, MemberTestFlows.Registration());

        var mail = app.Outbox().Last(m => m.Category == "already-member");
        var token = MemberTestFlows.TokenFromLink(mail.TextBody, "/api/members/me");
        Assert.Equal(TokenPurpose.Profile, app.Get<MemberTokenService>().Verify(token).Token!.Purpose);
        Assert.Equal(200, (await CallAsync(app, Route.ViewProfile, token, "0123456789abcdef0123456789abcdef")).Status);
        Assert.Equal(403, (await CallAsync(app, Route.Erase, token, "0123456789abcdef0123456789abcdef")).Status);
        Assert.Equal(403, (await CallAsync(app, Route.Export, token, "0123456789abcdef0123456789abcdef")).Status);
        Assert.Equal(1, await MemberTestFlows.RowCountAsync(app, "Members"));
    }

    /// <summary>Calls a route with the token as its clients send it; "opened" means the route acted for the member.</summary>
    private static async Task<(int Status, bool Opened)> CallAsync(TestApp app, Route route, string token, string pollId)
    {
        var ct = MemberTestFlows.Ct;
        var bearer = $"Bearer {token}";
        TestResponse response;
        switch (route)
        {
            case Route.ViewProfile:
                response = await Run(app.Get("/api/members/me").WithHeader("Authorization", bearer), r => app.Function<GetMyProfileFunction>().GetMyProfile(r, ct));
                break;
            case Route.ChangeProfile:
                response = await Run(app.Raw("PATCH", "/api/members/me", "{\"organization\":\"Sahel Soil Lab\"}", "application/merge-patch+json").WithHeader("Authorization", bearer), r => app.Function<UpdateMyProfileFunction>().UpdateMyProfile(r, ct));
                break;
            case Route.Export:
                response = await Run(app.Get("/api/members/me/export").WithHeader("Authorization", bearer), r => app.Function<ExportMyDataFunction>().ExportMyData(r, ct));
                break;
            case Route.Erase:
                response = await Run(app.Raw("DELETE", "/api/members/me", "", null).WithHeader("Authorization", bearer), r => app.Function<EraseMyDataFunction>().EraseMyData(r, ct));
                break;
            case Route.RevokeLinks:
                response = await Run(app.Raw("POST", "/api/members/me/revoke-links", "", null).WithHeader("Authorization", bearer), r => app.Function<RevokeMyLinksFunction>().RevokeMyLinks(r, ct));
                break;
            case Route.UploadDocument:
                // Authorized requests reach validation: an empty object gets 400, which is past the token check.
                response = await Run(app.Raw("POST", "/api/documents/uploads", "{}", "application/json").WithHeader("Authorization", bearer), r => app.Function<CoP.Functions.Documents.RequestDocumentUploadFunction>().RequestDocumentUpload(r, ct));
                return (response.Status, response.Status is not (401 or 403));
            case Route.CastBallot:
                response = await VoteAsync(app, pollId, token, "a");
                break;
            case Route.BallotPage:
                var link = app.Get($"/api/polls/{pollId}?token={Uri.EscapeDataString(token)}").Accepting("text/html");
                response = await Run(link, r => app.Function<GetPollFunction>().GetPoll(r, pollId, ct));
                if (response.Status == 303)
                {
                    // The link became a session: the page behind the redirect, with the cookie it set, shows the form.
                    var cookie = Microsoft.Net.Http.Headers.SetCookieHeaderValue.Parse(response.Headers.SetCookie.ToString());
                    var page = app.Get(response.Headers.Location.ToString()).Accepting("text/html").WithHeader("Cookie", $"{cookie.Name}={cookie.Value}");
                    response = await Run(page, r => app.Function<GetPollFunction>().GetPoll(r, pollId, ct));
                }

                return (response.Status, response.Status == 200 && response.Body.Contains($"/api/polls/{pollId}/ballots\"", StringComparison.Ordinal));
            case Route.Unsubscribe:
                response = await Run(TestRequests.Form(app.Services, "POST", $"/api/unsubscribe?token={Uri.EscapeDataString(token)}", [new("List-Unsubscribe", "One-Click")]), r => app.Function<CoP.Functions.Members.UnsubscribeFunction>().Unsubscribe(r, ct));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(route));
        }

        return (response.Status, response.Status is >= 200 and < 300);
    }

    private static async Task<TestResponse> Run(Microsoft.AspNetCore.Http.HttpRequest request, Func<Microsoft.AspNetCore.Http.HttpRequest, Task<Microsoft.AspNetCore.Http.IResult>> call) =>
        await TestResponse.ExecuteAsync(await call(request), request);
}
