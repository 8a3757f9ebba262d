using CoP.Shared.Events;
using CoP.Shared.Members;
using static CoP.Tests.Events.Registrations.EventRegistrationTestFlows;

namespace CoP.Tests.Events.Registrations;

/// <summary>Every refused registration answers its status, says why, and stores nothing.</summary>
public sealed class EventRegistrationRefusalTests(StorageFixture storage)
{
    public static TheoryData<string> ClosedEvents => ["cancelled", "completed", "closed", "started", "not-open-yet"];

    [Theory]
    [MemberData(nameof(ClosedEvents))]
    public async Task RegistrationOutsideTheWindowIsRefusedWithTheReason(string closed)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var eventId = await EventAsync(app, change: e => closed switch
        {
            "cancelled" => e with { Status = EventStatus.Cancelled },
            "completed" => e with { Status = EventStatus.Completed },
            "closed" => e with { RegistrationClosesAt = Start.AddHours(-1) },
            "started" => e with { StartsAt = Start.AddHours(-1), EndsAt = Start.AddHours(2) },
            _ => e with { RegistrationOpensAt = Start.AddDays(1) },
        });
        var (_, token) = await MemberAsync(app);

        var answer = await RegisterAsync(app, eventId, token);

        Assert.Equal(409, answer.Status);
        var detail = answer.Json().GetProperty("detail").GetString();
        Assert.Contains(closed switch
        {
            "cancelled" => "cancelled",
            "completed" => "taken place",
            "not-open-yet" => "opens at " + Start.AddDays(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            _ => "closed at",
        }, detail, StringComparison.Ordinal);
        await AssertNothingStoredAsync(app);
    }

    [Fact]
    public async Task FullEventWithoutWaitingListRefusesTheNextMember()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var eventId = await EventAsync(app, capacity: 1, waitlist: false);
        var (_, first) = await MemberAsync(app);
        var (secondId, second) = await MemberAsync(app);
        Assert.Equal(201, (await RegisterAsync(app, eventId, first)).Status);

        var answer = await RegisterAsync(app, eventId, second);

        Assert.Equal(409, answer.Status);
        Assert.Equal("This event is full.", answer.Json().GetProperty("title").GetString());
        Assert.Equal(2, await Members.MemberTestFlows.RowCountAsync(app, "EventRegistrations"));
        Assert.Empty(await app.Get<CoP.Shared.Events.Registrations.EventRegistrationService>().ListForMemberAsync(secondId, Ct));
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("draft")]
    [InlineData("malformed")]
    public async Task UnknownDraftOrMalformedEventIsNotFound(string which)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var draft = await EventAsync(app, change: e => e with { Status = EventStatus.Draft });
        var eventId = which switch { "draft" => draft, "unknown" => EventStore.NewEventId(), _ => "../Events" };
        var (_, token) = await MemberAsync(app);

        Assert.Equal(404, (await RegisterAsync(app, eventId, token)).Status);
        Assert.Equal(404, (await CancelAsync(app, eventId, token)).Status);
        await AssertNothingStoredAsync(app);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("garbage")]
    [InlineData("unconfirmed")]
    [InlineData("erased")]
    [InlineData("revoked")]
    public async Task MissingOrInvalidTokenOrAbsentMemberIsUnauthorized(string which)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var eventId = await EventAsync(app);
        var (memberId, token) = await MemberAsync(app, which == "unconfirmed" ? MemberStatus.Pending : MemberStatus.Confirmed);
        switch (which)
        {
            case "erased":
                await app.Get<MemberStore>().DeleteAsync(memberId, Ct);
                break;
            case "revoked":
                await app.Get<MemberAccountService>().RevokeLinksAsync(memberId, Ct);
                break;
        }

        var sent = which switch { "none" => null, "garbage" => "not-a-token", _ => token };
        var answer = await RegisterAsync(app, eventId, sent);

        Assert.Equal(401, answer.Status);
        Assert.StartsWith("Bearer", answer.Headers["WWW-Authenticate"].ToString(), StringComparison.Ordinal);
        Assert.Equal(401, (await CancelAsync(app, eventId, sent)).Status);
        await AssertNothingStoredAsync(app);
    }

    [Theory]
    [InlineData(TokenPurpose.Vote)]
    [InlineData(TokenPurpose.Unsubscribe)]
    [InlineData(TokenPurpose.Calendar)]
    [InlineData(TokenPurpose.Confirm)]
    public async Task TokenWhosePurposeDoesNotAllowAttendingIsForbidden(TokenPurpose purpose)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var eventId = await EventAsync(app);
        var (_, token) = await MemberAsync(app, purpose: purpose);

        Assert.Equal(403, (await RegisterAsync(app, eventId, token)).Status);
        Assert.Equal(403, (await CancelAsync(app, eventId, token)).Status);
        await AssertNothingStoredAsync(app);
    }

    [Theory]
    [InlineData(TokenPurpose.Profile)]
    [InlineData(TokenPurpose.Account)]
    public async Task ProfileAndAccountLinksMayRegister(TokenPurpose purpose)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var eventId = await EventAsync(app);
        var (_, token) = await MemberAsync(app, purpose: purpose);

        Assert.Equal(201, (await RegisterAsync(app, eventId, token)).Status);
    }

    [Theory]
    [InlineData("[1]", "application/json", 400)]
    [InlineData("{", "application/json", 400)]
    [InlineData("token=a&token=b", "application/x-www-form-urlencoded", 400)]
    [InlineData("<register/>", "application/xml", 415)]
    public async Task MalformedBodyIsRefused(string body, string contentType, int status)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var eventId = await EventAsync(app);
        var (_, token) = await MemberAsync(app);

        Assert.Equal(status, (await RegisterRawAsync(app, eventId, contentType.Contains("form", StringComparison.Ordinal) ? null : token, body, contentType)).Status);
        await AssertNothingStoredAsync(app);
    }

    [Fact]
    public async Task OversizedBodyIsRefused()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var eventId = await EventAsync(app);
        var (_, token) = await MemberAsync(app);

        var answer = await RegisterRawAsync(app, eventId, token, $$"""{"note":"{{new string('x', 5000)}}"}""", "application/json");

        Assert.Equal(413, answer.Status);
        await AssertNothingStoredAsync(app);
    }

    private static async Task AssertNothingStoredAsync(TestApp app)
    {
        Assert.Equal(0, await Members.MemberTestFlows.RowCountAsync(app, "EventRegistrations"));
        Assert.Equal(0, await Members.MemberTestFlows.RowCountAsync(app, "MemberEvents"));
        Assert.Equal(0, await app.QueuedMailCountAsync(Ct));
    }
}
