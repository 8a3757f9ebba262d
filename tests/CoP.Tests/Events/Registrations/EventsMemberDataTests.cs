using CoP.Shared.Events.Registrations;
using CoP.Shared.Members;
using CoP.TestSupport;
using static CoP.Tests.Events.Registrations.EventRegistrationTestFlows;

namespace CoP.Tests.Events.Registrations;

public sealed class EventsMemberDataTests(StorageFixture storage)
{
    [Fact]
    public async Task ExportListsTheMembersRegistrationsWithTitlesStatusesAndTimes()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var full = await EventAsync(app, capacity: 1);
        var open = await EventAsync(app, capacity: 10);
        var (_, other) = await MemberAsync(app);
        var (memberId, token) = await MemberAsync(app, language: "fr");
        var registrations = app.Get<EventRegistrationService>();
        await registrations.RegisterAsync(full, other, Ct);
        await registrations.RegisterAsync(full, token, Ct);
        await registrations.RegisterAsync(open, token, Ct);
        var member = (await app.Get<MemberStore>().GetAsync(memberId, Ct))!;

        var exported = Assert.IsAssignableFrom<IReadOnlyList<MemberEventRegistration>>(await new EventsMemberData(
            app.Get<EventAttendees>(), app.Get<EventSeats>(), app.Get<CoP.Shared.Events.EventStore>(), app.Get<EventRegistrationStore>()).ExportAsync(member, Ct));

        Assert.Equal(2, exported.Count);
        var waiting = Assert.Single(exported, r => r.EventId == full);
        Assert.Equal("waitlisted", waiting.Status);
        Assert.Equal(1, waiting.Position);
        Assert.Equal("Journée biochar", waiting.Title);
        var held = Assert.Single(exported, r => r.EventId == open);
        Assert.Equal("registered", held.Status);
        Assert.Equal(Start.AddDays(7).AddHours(5), held.StartsAt);
    }

    [Fact]
    public async Task MembersExportThroughTheRouteIncludesTheirRegistrations()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var eventId = await EventAsync(app);
        var (_, token) = await MemberAsync(app, purpose: TokenPurpose.Account);
        await RegisterAsync(app, eventId, token);

        var request = app.Get("/api/members/me/export").WithHeader("Authorization", $"Bearer {token}");
        var answer = await TestResponse.ExecuteAsync(await app.Function<CoP.Functions.Members.ExportMyDataFunction>().ExportMyData(request, Ct), request);

        Assert.Equal(200, answer.Status);
        var rows = answer.Json().GetProperty("records").GetProperty("eventRegistrations").EnumerateArray().ToList();
        Assert.Equal(eventId, Assert.Single(rows).GetProperty("eventId").GetString());
    }

    [Fact]
    public async Task EraseCancelsEachRegistrationMovesTheNextPersonUpAndRemovesTheIndex()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var first = await EventAsync(app, capacity: 1);
        var second = await EventAsync(app, capacity: 1);
        var (memberId, token) = await MemberAsync(app, purpose: TokenPurpose.Account);
        var (nextId, nextToken) = await MemberAsync(app);
        var registrations = app.Get<EventRegistrationService>();
        await registrations.RegisterAsync(first, token, Ct);
        await registrations.RegisterAsync(first, nextToken, Ct);
        await registrations.RegisterAsync(second, nextToken, Ct);
        await registrations.RegisterAsync(second, token, Ct);

        var request = app.Raw("DELETE", "/api/members/me", "", null).WithHeader("Authorization", $"Bearer {token}");
        var answer = await TestResponse.ExecuteAsync(await app.Function<CoP.Functions.Members.EraseMyDataFunction>().EraseMyData(request, Ct), request);

        Assert.True(answer.Status is 200 or 204, answer.Body);
        Assert.IsType<AttendeeStatus.None>(await registrations.StatusAsync(first, memberId, Ct));
        Assert.IsType<AttendeeStatus.None>(await registrations.StatusAsync(second, memberId, Ct));
        Assert.IsType<AttendeeStatus.Registered>(await registrations.StatusAsync(first, nextId, Ct));
        Assert.Equal(new SeatCount(1, 0), await registrations.CountAsync(second, Ct));
        Assert.Empty(await app.Get<EventRegistrationStore>().ListIndexedAsync(memberId, Ct));
        await foreach (var row in app.Table("EventRegistrations").QueryAsync<Azure.Data.Tables.TableEntity>(cancellationToken: Ct))
        {
            Assert.DoesNotContain(memberId, row.RowKey, StringComparison.Ordinal);
            Assert.NotEqual(memberId, row.GetString("MemberId"));
        }
    }
}
