using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Events;
using CoP.Shared.Events.Calendar;
using CoP.Shared.Events.Registrations;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Events.Pages;

/// <summary>
/// What an event page shows beyond the event itself, read for the page and for its forms' answers alike: who reads it
/// (with their registration), the seats left, and the topics' names.
/// </summary>
public sealed class EventPageComposer(
    TopicStore topics, EventRegistrationService registrations, AddToCalendarLinks calendarLinks, EventLinks links, TimeProvider time)
{
    /// <summary>The page's reader: a member's session with their registration, a session or link that grants nothing, or a visitor.</summary>
    public async Task<EventReader> ReaderAsync(HttpRequest request, string eventId, MemberSession session, CancellationToken cancellationToken) => session switch
    {
        MemberSession.Open { Member: var member, FormToken: var formToken } =>
            new EventReader.Member(member, formToken, await registrations.StatusAsync(eventId, member.MemberId, cancellationToken)),
        MemberSession.None when request.Query.ContainsKey("token") || MemberSessions.HasProfileSession(request) => new EventReader.LinkExpired(),
        MemberSession.None => new EventReader.Visitor(),
        _ => throw new UnreachableException(),
    };

    /// <summary>The page, with <paramref name="outcome"/> (what a form just did, or why it was refused) said at its top.</summary>
    public async Task<IResult> ShowAsync(int status, Event e, EventReader reader, EventPageOutcome outcome, CancellationToken cancellationToken) =>
        EventPage.Show(
            status, e, await topics.ListActiveAsync(cancellationToken), reader, await SeatsLeftAsync(e, cancellationToken), time.GetUtcNow(), outcome,
            new EventPage.Calendars(language => calendarLinks.For(e, language), PersonalFeed(reader)));

    // A registered member's own feed (a calendar token made for this page): the feed lists only the events where a
    // member holds a place, so nobody else, not even someone waiting, is offered one.
    private Uri? PersonalFeed(EventReader reader) =>
        reader is EventReader.Member { Entity: var member, Status: AttendeeStatus.Registered } ? links.PersonalFeed(member) : null;

    /// <summary>Seats left; null when the event has no limit (no count is read).</summary>
    public async Task<int?> SeatsLeftAsync(Event e, CancellationToken cancellationToken) =>
        e.Capacity is null ? null : EventAnswers.SeatsLeft(e, (await registrations.CountAsync(e.EventId, cancellationToken)).Registered);
}
