using CoP.Shared.Events.Registrations;
using static CoP.Tests.Events.Registrations.EventRegistrationTestFlows;

namespace CoP.Tests.Events.Registrations;

public sealed class EventRegistrationLifecycleTests(StorageFixture storage)
{
    [Fact]
    public async Task MemberRegistersCancelsAndRegistersAgain()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var eventId = await EventAsync(app, capacity: 2);
        var (memberId, token) = await MemberAsync(app);
        var registrations = app.Get<EventRegistrationService>();

        var first = await RegisterAsync(app, eventId, token);
        Assert.Equal(201, first.Status);
        Assert.Equal("registered", first.Json().GetProperty("status").GetString());
        Assert.False(first.Json().TryGetProperty("position", out _));
        Assert.IsType<AttendeeStatus.Registered>(await registrations.StatusAsync(eventId, memberId, Ct));

        var again = await RegisterAsync(app, eventId, token);
        Assert.Equal(200, again.Status);
        Assert.Equal("registered", again.Json().GetProperty("status").GetString());
        Assert.Equal(new SeatCount(1, 0), await registrations.CountAsync(eventId, Ct));

        Assert.Equal(204, (await CancelAsync(app, eventId, token)).Status);
        Assert.IsType<AttendeeStatus.None>(await registrations.StatusAsync(eventId, memberId, Ct));
        Assert.Empty(await registrations.ListForMemberAsync(memberId, Ct));
        Assert.Equal(0, await Members.MemberTestFlows.RowCountAsync(app, "EventRegistrations"));
        Assert.Equal(0, await Members.MemberTestFlows.RowCountAsync(app, "MemberEvents"));
        Assert.Equal(404, (await CancelAsync(app, eventId, token)).Status);

        Assert.Equal(201, (await RegisterAsync(app, eventId, token)).Status);
        var mine = Assert.Single(await registrations.ListForMemberAsync(memberId, Ct));
        Assert.Equal(eventId, mine.EventId);
        Assert.IsType<AttendeeStatus.Registered>(mine.Status);
    }

    [Fact]
    public async Task FullEventPutsNewcomersOnTheWaitingListInOrderAndACancellationMovesTheFirstUp()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var eventId = await EventAsync(app, capacity: 1);
        var members = new List<(string MemberId, string Token)>();
        for (var i = 0; i < 4; i++)
        {
            members.Add(await MemberAsync(app));
        }

        Assert.Equal(201, (await RegisterAsync(app, eventId, members[0].Token)).Status);
        for (var i = 1; i < 4; i++)
        {
            // The clock stands still: the order still follows the registrations, not the member ids.
            var answer = await RegisterAsync(app, eventId, members[i].Token);
            Assert.Equal(201, answer.Status);
            Assert.Equal("waitlisted", answer.Json().GetProperty("status").GetString());
            Assert.Equal(i, answer.Json().GetProperty("position").GetInt32());
        }

        var waiting = await RegisterAsync(app, eventId, members[2].Token);
        Assert.Equal(200, waiting.Status);
        Assert.Equal(2, waiting.Json().GetProperty("position").GetInt32());

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(204, (await CancelAsync(app, eventId, members[0].Token)).Status);

        var registrations = app.Get<EventRegistrationService>();
        Assert.IsType<AttendeeStatus.Registered>(await registrations.StatusAsync(eventId, members[1].MemberId, Ct));
        Assert.Equal(new AttendeeStatus.Waitlisted(1), await registrations.StatusAsync(eventId, members[2].MemberId, Ct));
        Assert.Equal(new AttendeeStatus.Waitlisted(2), await registrations.StatusAsync(eventId, members[3].MemberId, Ct));
        var list = await registrations.ListAsync(eventId, Ct);
        Assert.Equal([members[1].MemberId, members[2].MemberId, members[3].MemberId], list.Select(r => r.MemberId));
        Assert.Equal(time.GetUtcNow(), list[0].PromotedAt);

        // A waiting member who leaves the list frees no seat: the others move forward, nobody is promoted.
        Assert.Equal(204, (await CancelAsync(app, eventId, members[2].Token)).Status);
        Assert.Equal(new AttendeeStatus.Waitlisted(1), await registrations.StatusAsync(eventId, members[3].MemberId, Ct));
        Assert.Equal(new SeatCount(1, 1), await registrations.CountAsync(eventId, Ct));
    }

    [Fact]
    public async Task EventWithoutCapacityRegistersEveryoneWithoutSeatRows()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var eventId = await EventAsync(app, capacity: null, waitlist: false);
        foreach (var (_, token) in await MembersAsync(app, 5))
        {
            Assert.Equal(201, (await RegisterAsync(app, eventId, token)).Status);
        }

        Assert.Equal(new SeatCount(5, 0), await app.Get<EventRegistrationService>().CountAsync(eventId, Ct));
        Assert.Equal(5, await Members.MemberTestFlows.RowCountAsync(app, "EventRegistrations"));
    }

    [Fact]
    public async Task FormOfAnotherSiteRegistersWithItsTokenField()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var eventId = await EventAsync(app);
        var (memberId, token) = await MemberAsync(app);

        var answer = await RegisterFormAsync(app, eventId, [new("token", token)]);

        Assert.Equal(201, answer.Status);
        Assert.IsType<AttendeeStatus.Registered>(await app.Get<EventRegistrationService>().StatusAsync(eventId, memberId, Ct));
    }

    [Fact]
    public async Task JsonBodyIsAcceptedAndItsFieldsIgnored()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var eventId = await EventAsync(app);
        var (_, token) = await MemberAsync(app);

        Assert.Equal(201, (await RegisterRawAsync(app, eventId, token, """{"note":"vegetarian"}""", "application/json")).Status);
    }

    [Fact]
    public async Task PageSessionRegistersAndCancelsTheAuthenticatedMember()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var eventId = await EventAsync(app, capacity: 1);
        var (firstId, _) = await MemberAsync(app);
        var (secondId, _) = await MemberAsync(app);
        var members = app.Get<CoP.Shared.Members.MemberStore>();
        var registrations = app.Get<EventRegistrationService>();

        Assert.IsType<RegistrationOutcome.Registered>(await registrations.RegisterAsync(eventId, (await members.GetAsync(firstId, Ct))!, Ct));
        Assert.Equal(new RegistrationOutcome.Waitlisted(1), await registrations.RegisterAsync(eventId, (await members.GetAsync(secondId, Ct))!, Ct));
        Assert.IsType<CancellationOutcome.Cancelled>(await registrations.CancelAsync(eventId, (await members.GetAsync(firstId, Ct))!, Ct));
        Assert.IsType<AttendeeStatus.Registered>(await registrations.StatusAsync(eventId, secondId, Ct));
    }

    [Fact]
    public async Task OperatorsExportRegistrationsAsJsonAndCsvWithTheMembersDetails()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var eventId = await EventAsync(app, capacity: 1);
        var (firstId, firstToken) = await MemberAsync(app);
        var (secondId, secondToken) = await MemberAsync(app, language: "fr");
        await RegisterAsync(app, eventId, firstToken);
        await RegisterAsync(app, eventId, secondToken);

        var json = await ExportAsync(app, eventId);
        Assert.Equal(200, json.Status);
        Assert.Equal("no-store", json.Headers["Cache-Control"]);
        var rows = json.Json().GetProperty("registrations").EnumerateArray().ToList();
        Assert.Equal(1, json.Json().GetProperty("registered").GetInt32());
        Assert.Equal(1, json.Json().GetProperty("waitlisted").GetInt32());
        Assert.Equal([firstId, secondId], rows.Select(r => r.GetProperty("memberId").GetString()));
        Assert.Equal($"attendee-{secondId}@example.org", rows[1].GetProperty("email").GetString());
        Assert.Equal(1, rows[1].GetProperty("position").GetInt32());
        Assert.Equal("fr", rows[1].GetProperty("language").GetString());

        var csv = await ExportAsync(app, eventId, "csv");
        Assert.Equal(200, csv.Status);
        var lines = csv.Body.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', EventRegistrationExport.Header), lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("registered,,", lines[1], StringComparison.Ordinal);
        Assert.Contains($"attendee-{firstId}@example.org", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("waitlisted,1,", lines[2], StringComparison.Ordinal);

        Assert.Equal(400, (await ExportAsync(app, eventId, "xml")).Status);
        Assert.Equal(404, (await ExportAsync(app, "0123456789abcdef0123456789abcdef")).Status);
        Assert.DoesNotContain(app.Logs.Entries, e => e.AllText.Contains("@example.org", StringComparison.Ordinal));
    }
}
