using CoP.Functions.Events.Calendar;
using CoP.Shared.Events.Registrations;
using CoP.Shared.Members;
using CoP.TestSupport;
using static CoP.Tests.Events.Calendar.CalendarTestFlows;

namespace CoP.Tests.Events.Calendar;

/// <summary>
/// GetMyCalendar: the events a member holds a place at, with their online links, behind a calendar (or account) token;
/// never cached; refused with 401 when the token is missing, expired or revoked and with 403 for another purpose.
/// </summary>
public sealed class PersonalCalendarTests(StorageFixture storage)
{
    [Fact]
    public async Task TheFeedHoldsTheMembersEventsWithTheirOnlineLinksAndTheSameUidsAsThePublicCalendars()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var member = await MemberAsync(app);
        var first = await StoredAsync(app, NewEvent(At("2027-03-28T08:30:00Z")));
        var second = await StoredAsync(app, NewEvent(At("2027-05-04T07:00:00Z"), "Africa/Nairobi"));
        var full = await StoredAsync(app, NewEvent(At("2027-06-01T12:00:00Z"), change: e => e with { Capacity = 1 }));
        await StoredAsync(app, NewEvent(At("2027-07-01T12:00:00Z")));
        await RegisterAsync(app, first.EventId, member);
        await RegisterAsync(app, second.EventId, member);
        await RegisterAsync(app, full.EventId, await MemberAsync(app));
        Assert.IsType<RegistrationOutcome.Waitlisted>(await app.Get<EventRegistrationService>().RegisterAsync(full.EventId, member, Ct));

        var response = await GetMyCalendarAsync(app, CalendarToken(app, member));

        Assert.Equal(200, response.Status);
        Assert.Equal("text/calendar; charset=utf-8", response.ContentType);
        Assert.Equal("no-store", response.Headers.CacheControl.ToString());
        Assert.Equal("inline; filename=\"my-events.ics\"", response.Headers.ContentDisposition.ToString());
        var calendar = Parse(response.Body);
        Assert.Equal(
            new[] { first, second }.Select(e => $"{e.EventId}@cop.example.org").Order(StringComparer.Ordinal),
            calendar.Events.Select(item => item.Uid!).Order(StringComparer.Ordinal));
        Assert.All(calendar.Events, item => Assert.Contains(OnlineUrl.AbsoluteUri, item.Description, StringComparison.Ordinal));
        Assert.Equal(Single((await GetEventCalendarAsync(app, first.EventId)).Body).Uid, calendar.Events.Single(i => i.Uid!.StartsWith(first.EventId, StringComparison.Ordinal)).Uid);
        Assert.Equal(first.StartsAt.UtcDateTime, calendar.Events.Single(i => i.Uid!.StartsWith(first.EventId, StringComparison.Ordinal)).DtStart!.AsUtc);
    }

    [Fact]
    public async Task AnAccountTokenOpensTheFeedToo()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var member = await MemberAsync(app);

        var response = await GetMyCalendarAsync(app, app.Get<MemberTokenService>().Issue(member, TokenPurpose.Account), bearer: true);

        Assert.Equal(200, response.Status);
        Assert.Empty(Parse(response.Body).Events);
    }

    [Theory]
    [InlineData(TokenPurpose.Profile)]
    [InlineData(TokenPurpose.Unsubscribe)]
    [InlineData(TokenPurpose.Confirm)]
    public async Task ATokenOfAnotherPurposeIs403(TokenPurpose purpose)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var member = await MemberAsync(app);

        var response = await GetMyCalendarAsync(app, app.Get<MemberTokenService>().Issue(member, purpose));

        Assert.Equal(403, response.Status);
        Assert.Equal("no-store", response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task ARevokedCalendarTokenIs401()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var member = await MemberAsync(app);
        var token = CalendarToken(app, member);
        await app.Get<MemberAccountService>().RevokeLinksAsync(member.MemberId, Ct);

        var response = await GetMyCalendarAsync(app, token);

        Assert.Equal(401, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
    }

    [Fact]
    public async Task AnExpiredCalendarTokenIs401()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var member = await MemberAsync(app);
        var token = CalendarToken(app, member);
        time.Advance(TimeSpan.FromDays(366));

        Assert.Equal(401, (await GetMyCalendarAsync(app, token)).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("v2.k1.not-a-token")]
    public async Task AMissingOrBrokenTokenIs401(string? token)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;

        Assert.Equal(401, (await GetMyCalendarAsync(app, token)).Status);
    }

    [Fact]
    public async Task ThePersonalFeedLinkFromEventLinksOpensTheFeed()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var member = await MemberAsync(app);

        var link = app.Get<Shared.Events.Calendar.EventLinks>().PersonalFeed(member);

        Assert.Equal("/api/members/me/calendar.ics", link.AbsolutePath);
        var token = Uri.UnescapeDataString(link.Query["?token=".Length..]);
        Assert.Equal(200, (await GetMyCalendarAsync(app, token)).Status);
    }

    private static string CalendarToken(TestApp app, MemberEntity member) => app.Get<MemberTokenService>().Issue(member, TokenPurpose.Calendar);

    private static async Task<TestResponse> GetMyCalendarAsync(TestApp app, string? token, bool bearer = false)
    {
        var request = app.Get(token is null || bearer ? "/api/members/me/calendar.ics" : $"/api/members/me/calendar.ics?token={Uri.EscapeDataString(token)}");
        if (bearer)
        {
            request.WithHeader("Authorization", $"Bearer {token}");
        }

        return await TestResponse.ExecuteAsync(await app.Function<GetMyCalendarFunction>().GetMyCalendar(request, Ct), request);
    }
}
