using CoP.Shared.Email;
using CoP.Shared.Events.Registrations;
using CoP.Shared.Members;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Events.Calendar;

/// <summary>A calendar to answer with: its text and when what it shows last changed (for Last-Modified).</summary>
public sealed record CalendarDocument(string Ics, DateTimeOffset LastModified);

/// <summary>
/// The calendars the API answers with: one public event's <c>.ics</c>, and the public feed of upcoming and recent
/// events (on one topic when asked), and a member's personal feed of the events they hold a place at, with the online
/// links. Drafts never appear; cancelled events do, saying so, so that subscribed calendars take them out.
/// </summary>
public sealed class EventCalendarFeeds(
    EventStore events, EventRegistrationService registrations, EventCalendars calendars, IOptions<EmailOptions> email, TimeProvider time)
{
    /// <summary>How long ended events stay in the feeds, so that a calendar still shows last week's.</summary>
    public static readonly TimeSpan RecentPast = TimeSpan.FromDays(30);

    /// <summary>The event's public calendar; null for an unknown event or a draft.</summary>
    public async Task<CalendarDocument?> EventAsync(string? eventId, CancellationToken cancellationToken = default)
    {
        var stored = await events.GetAsync(eventId, cancellationToken);
        return stored?.Event is { IsPublic: true } e ? new CalendarDocument(calendars.ForEvent(e), e.UpdatedAt) : null;
    }

    /// <summary>The public feed: every public event that ends after <see cref="RecentPast"/> ago, on <paramref name="topic"/> when given.</summary>
    public async Task<CalendarDocument> PublicFeedAsync(string? topic, CancellationToken cancellationToken = default)
    {
        var shown = (await events.ListEndingAfterAsync(time.GetUtcNow() - RecentPast, cancellationToken))
            .Where(e => e.IsPublic && (topic is null || e.Topics.Contains(topic, StringComparer.Ordinal)))
            .ToList();
        var name = topic is null ? email.Value.CommunityName : $"{email.Value.CommunityName} ({topic})";
        return Document(calendars.Feed(shown, name, CalendarView.Public), shown);
    }

    /// <summary>
    /// The member's personal feed: the public events they hold a place at that end after <see cref="RecentPast"/> ago,
    /// with the online links, in their language. Waiting for a place shows nothing yet: the link is for those who hold one.
    /// </summary>
    public async Task<CalendarDocument> MemberFeedAsync(MemberEntity member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        var since = time.GetUtcNow() - RecentPast;
        var shown = new List<Event>();
        foreach (var registration in await registrations.ListForMemberAsync(member.MemberId, cancellationToken))
        {
            if (registration.Status is AttendeeStatus.Registered
                && await events.GetAsync(registration.EventId, cancellationToken) is { Event: { IsPublic: true } e }
                && e.EndsAt > since)
            {
                shown.Add(e);
            }
        }

        shown.Sort((a, b) => a.StartsAt.CompareTo(b.StartsAt));
        return Document(calendars.Feed(shown, email.Value.CommunityName, CalendarView.Attendee, member.Language), shown);
    }

    /// <summary>A feed of <paramref name="shown"/>, last modified when the latest of them changed (or the epoch when empty).</summary>
    internal static CalendarDocument Document(string ics, IReadOnlyCollection<Event> shown) =>
        new(ics, shown.Count == 0 ? DateTimeOffset.UnixEpoch : shown.Max(e => e.UpdatedAt));
}
