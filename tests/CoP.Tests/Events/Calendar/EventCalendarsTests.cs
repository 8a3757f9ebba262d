using CoP.Shared.Events;
using CoP.Shared.Events.Calendar;
using static CoP.Tests.Events.Calendar.CalendarTestFlows;

namespace CoP.Tests.Events.Calendar;

/// <summary>
/// The calendars as calendar apps read them back (Ical.Net's own parser): the organiser's wall-clock time and the right
/// instant on either side of a daylight-saving change, in a zone without one, and in UTC; stable UIDs; SEQUENCE and
/// METHOD of invitations and cancellations; the online link only where the reader is registered.
/// </summary>
public sealed class EventCalendarsTests(StorageFixture storage)
{
    public static TheoryData<string, string, int, int> ZonedStarts() => new()
    {
        // Paris, the last Sunday of March 2027: clocks go from 02:00 CET to 03:00 CEST at 01:00 UTC.
        { "2027-03-28T00:30:00Z", "Europe/Paris", 1, 30 },
        { "2027-03-28T08:30:00Z", "Europe/Paris", 10, 30 },
        // Paris, the last Sunday of October 2027: back from 03:00 CEST to 02:00 CET at 01:00 UTC.
        { "2027-10-31T00:30:00Z", "Europe/Paris", 2, 30 },
        { "2027-10-31T09:00:00Z", "Europe/Paris", 10, 0 },
        // Nairobi keeps UTC+3 all year.
        { "2027-03-28T08:30:00Z", "Africa/Nairobi", 11, 30 },
        { "2027-10-31T09:00:00Z", "Africa/Nairobi", 12, 0 },
    };

    [Theory]
    [MemberData(nameof(ZonedStarts))]
    public async Task TimesCarryTheOrganisersZoneAndTheRightInstantAcrossDaylightSaving(string startsAt, string zone, int localHour, int localMinute)
    {
        await using var app = TestApp.Create(storage);
        var e = NewEvent(At(startsAt), zone);

        var ics = app.Get<EventCalendars>().ForEvent(e);

        var calendar = Parse(ics);
        var item = Assert.Single(calendar.Events);
        Assert.Equal(zone, item.DtStart!.TzId);
        Assert.Equal((localHour, localMinute), (item.DtStart.Hour, item.DtStart.Minute));
        Assert.Equal(e.StartsAt.UtcDateTime, item.DtStart.AsUtc);
        Assert.Equal(e.EndsAt.UtcDateTime, item.DtEnd!.AsUtc);
        Assert.Equal(zone, Assert.Single(calendar.TimeZones).TzId);
        Assert.Contains($"DTSTART;TZID={zone}:", ics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEventAtUtcIsWrittenInUtcWithoutATimeZone()
    {
        await using var app = TestApp.Create(storage);
        var e = NewEvent(At("2027-03-28T08:30:00Z"), "UTC");

        var ics = app.Get<EventCalendars>().ForEvent(e);

        var calendar = Parse(ics);
        Assert.Empty(calendar.TimeZones);
        var item = Assert.Single(calendar.Events);
        Assert.True(item.DtStart!.IsUtc);
        Assert.Equal(e.StartsAt.UtcDateTime, item.DtStart.AsUtc);
        Assert.Equal("DTSTART:20270328T083000Z", Line(ics, "DTSTART"));
    }

    [Fact]
    public async Task AFeedOfSeveralZonesHasOneTimeZoneEachAndEveryEventAtItsInstant()
    {
        await using var app = TestApp.Create(storage);
        List<Event> events =
        [
            NewEvent(At("2027-03-28T00:30:00Z")),
            NewEvent(At("2027-10-31T09:00:00Z")),
            NewEvent(At("2027-05-04T07:00:00Z"), "Africa/Nairobi"),
            NewEvent(At("2027-06-01T12:00:00Z"), "UTC"),
        ];

        var calendar = Parse(app.Get<EventCalendars>().Feed(events, "Community events", CalendarView.Public));

        Assert.Equal(["Africa/Nairobi", "Europe/Paris"], calendar.TimeZones.Select(z => z.TzId).Order(StringComparer.Ordinal));
        Assert.Equal(
            events.Select(e => (Uid: $"{e.EventId}@cop.example.org", Start: e.StartsAt.UtcDateTime)).OrderBy(x => x.Uid, StringComparer.Ordinal),
            calendar.Events.Select(item => (Uid: item.Uid!, Start: item.DtStart!.AsUtc)).OrderBy(x => x.Uid, StringComparer.Ordinal));
        Assert.Equal("PUBLISH", calendar.Method);
    }

    [Fact]
    public async Task ThePublicCalendarHasThePageTheVenueAndNoOnlineLink()
    {
        await using var app = TestApp.Create(storage);
        var e = NewEvent(At("2027-03-28T08:30:00Z"));
        var page = $"https://cop.example.org/api/events/{e.EventId}";

        var ics = app.Get<EventCalendars>().ForEvent(e, "fr");

        var item = Single(ics);
        Assert.Equal($"{e.EventId}@cop.example.org", item.Uid);
        Assert.Equal(new Uri(page), item.Url);
        Assert.Contains(page, item.Description, StringComparison.Ordinal);
        Assert.Equal("Le carbone des sols en pratique", item.Summary);
        Assert.Equal("Maison de l'agriculture, 12 rue des Champs, 75012 Paris", item.Location);
        Assert.Equal(48.8412, item.GeographicLocation!.Latitude, 4);
        Assert.Equal(2.3876, item.GeographicLocation.Longitude, 4);
        Assert.Equal("CONFIRMED", item.Status);
        Assert.Equal(e.UpdatedAt.UtcDateTime, item.DtStamp!.AsUtc);
        Assert.DoesNotContain(OnlineUrl.Host, Unfold(ics), StringComparison.Ordinal);
        Assert.Null(item.Organizer);
        Assert.Empty(item.Attendees);
    }

    [Fact]
    public async Task TheInvitationCarriesTheOnlineLinkTheOrganiserAndTheAttendee()
    {
        await using var app = TestApp.Create(storage);
        var e = NewEvent(At("2027-03-28T08:30:00Z"));

        var ics = app.Get<EventCalendars>().Invitation(e, "amina.diallo@example.org", InvitationMethod.Request);

        var calendar = Parse(ics);
        Assert.Equal("REQUEST", calendar.Method);
        var item = Assert.Single(calendar.Events);
        Assert.Contains(OnlineUrl.AbsoluteUri, item.Description, StringComparison.Ordinal);
        Assert.Equal(new Uri("mailto:community@localhost.test"), item.Organizer!.Value);
        var attendee = Assert.Single(item.Attendees);
        Assert.Equal(new Uri("mailto:amina.diallo@example.org"), attendee.Value);
        Assert.Equal(e.Sequence, item.Sequence);
    }

    [Fact]
    public async Task ACancellationHasTheSameUidAHigherSequenceAndMethodCancel()
    {
        await using var app = TestApp.Create(storage);
        var calendars = app.Get<EventCalendars>();
        var e = NewEvent(At("2027-03-28T08:30:00Z"));
        var cancelled = e with { Status = EventStatus.Cancelled, Sequence = e.Sequence + 1, UpdatedAt = e.UpdatedAt.AddHours(1) };

        var invitation = Parse(calendars.Invitation(e, "amina.diallo@example.org", InvitationMethod.Request));
        var cancellation = Parse(calendars.Invitation(cancelled, "amina.diallo@example.org", InvitationMethod.Cancel));

        Assert.Equal("CANCEL", cancellation.Method);
        var before = Assert.Single(invitation.Events);
        var after = Assert.Single(cancellation.Events);
        Assert.Equal(before.Uid, after.Uid);
        Assert.True(after.Sequence > before.Sequence, $"SEQUENCE {after.Sequence} after {before.Sequence}");
        Assert.Equal("CANCELLED", after.Status);
        Assert.True(after.DtStamp!.AsUtc > before.DtStamp!.AsUtc);
    }

    [Fact]
    public async Task TheSameEventGivesTheSameCalendarEveryTime()
    {
        await using var app = TestApp.Create(storage);
        var e = NewEvent(At("2027-03-28T08:30:00Z"));

        Assert.Equal(app.Get<EventCalendars>().ForEvent(e), app.Get<EventCalendars>().ForEvent(e));
    }

    [Fact]
    public async Task AddToCalendarLinksFillInTheFormsWithoutTheOnlineLink()
    {
        await using var app = TestApp.Create(storage);
        var e = NewEvent(At("2027-03-28T08:30:00Z"));

        var links = app.Get<AddToCalendarLinks>().For(e, "en");

        Assert.Equal("calendar.google.com", links.Google.Host);
        Assert.Contains("dates=20270328T083000Z%2F20270328T103000Z", links.Google.Query, StringComparison.Ordinal);
        Assert.Contains("ctz=Europe%2FParis", links.Google.Query, StringComparison.Ordinal);
        Assert.Equal("outlook.live.com", links.Outlook.Host);
        Assert.Equal("outlook.office.com", links.Office.Host);
        Assert.Contains("startdt=2027-03-28T08%3A30%3A00Z", links.Outlook.Query, StringComparison.Ordinal);
        Assert.Equal(new Uri($"https://cop.example.org/api/events/{e.EventId}/calendar.ics"), links.Ics);
        Assert.All(new[] { links.Google, links.Outlook, links.Office }, link =>
        {
            Assert.Contains(Uri.EscapeDataString($"https://cop.example.org/api/events/{e.EventId}"), link.Query, StringComparison.Ordinal);
            Assert.DoesNotContain(OnlineUrl.Host, Uri.UnescapeDataString(link.Query), StringComparison.Ordinal);
        });
    }
}
