using CoP.Shared.Members;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Events.Calendar;

/// <summary>
/// The absolute addresses of an event, from <c>Membership__PublicApiBaseUrl</c>: its page, its <c>.ics</c>, the public
/// feed, and a member's personal feed (with a fresh <see cref="TokenPurpose.Calendar"/> token). Mails, calendars,
/// pages and the newsletter all link through here, so an event has one address everywhere.
/// </summary>
public sealed class EventLinks(IOptions<MembershipOptions> membership, MemberTokenService tokens)
{
    private string Base => membership.Value.PublicApiBaseUrl!.ToString().TrimEnd('/');

    /// <summary>The host part of calendar UIDs (<c>{eventId}@{host}</c>): stable as long as the public address is.</summary>
    public string Host => membership.Value.PublicApiBaseUrl!.Host;

    /// <summary>The event's page (JSON for scripts, HTML for browsers).</summary>
    public Uri Page(string eventId) => new($"{Base}/api/events/{Uri.EscapeDataString(eventId)}");

    /// <summary>The event's public <c>.ics</c>.</summary>
    public Uri Calendar(string eventId) => new($"{Base}/api/events/{Uri.EscapeDataString(eventId)}/calendar.ics");

    /// <summary>The public feed of upcoming and recent events, on one topic when given.</summary>
    public Uri Feed(string? topic = null) =>
        new(topic is null ? $"{Base}/api/events/calendar.ics" : $"{Base}/api/events/calendar.ics?topic={Uri.EscapeDataString(topic)}");

    /// <summary>
    /// The member's personal feed, with a new calendar token (it lives as long as <c>Tokens__CalendarLifetime</c>, and
    /// revoking the member's links ends it).
    /// </summary>
    public Uri PersonalFeed(MemberEntity member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return new($"{Base}/api/members/me/calendar.ics?token={Uri.EscapeDataString(tokens.Issue(member, TokenPurpose.Calendar))}");
    }

    /// <summary>A calendar feed's address as calendar apps subscribe to it (<c>webcal:</c> opens the app that subscribes).</summary>
    public static Uri Subscription(Uri feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        return new UriBuilder(feed) { Scheme = "webcal", Port = feed.IsDefaultPort ? -1 : feed.Port }.Uri;
    }
}
