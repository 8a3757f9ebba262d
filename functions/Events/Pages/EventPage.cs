using System.Globalization;
using CoP.Functions.Http;
using CoP.Shared.Events;
using CoP.Shared.Members;
using CoP.Shared.Templates;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Events.Pages;

/// <summary>Who reads an event page: a visitor, a browser whose link or session grants nothing, or a member's session.</summary>
public abstract record EventReader
{
    private EventReader()
    {
    }

    /// <summary>No personal link and no session: the page says how to get one.</summary>
    public sealed record Visitor : EventReader;

    /// <summary>A link or session that is expired, revoked, of another purpose, or of a member who is gone.</summary>
    public sealed record LinkExpired : EventReader;

    /// <summary>A member's session that may register; forms rendered for it carry <paramref name="FormToken"/>.</summary>
    public sealed record Member(MemberEntity Entity, string FormToken) : EventReader;
}

/// <summary>
/// The event page (<c>event.&lt;language&gt;.html.liquid</c>): the event in the reader's language, its times in the
/// organiser's zone and in UTC, the venue with its map, the agenda, and after it the materials, the report and the
/// attendance; for a member's session, the registration and its forms.
/// </summary>
public static class EventPage
{
    /// <summary>The page for <paramref name="reader"/>, with the seats left (null: no limit, or not counted).</summary>
    public static IResult Show(Event e, IReadOnlyList<Topic> topics, EventReader reader, int? seatsLeft, DateTimeOffset now) =>
        HtmlPages.Page(
            StatusCodes.Status200OK,
            "event",
            language => View(e, topics, reader, seatsLeft, now, language),
            memberLanguage: reader is EventReader.Member { Entity: var member } ? member.Language : null);

    /// <summary>The page for an id that names no public event.</summary>
    public static IResult NotFound() => HtmlPages.Page(StatusCodes.Status404NotFound, "no-such-event");

    private static object View(Event e, IReadOnlyList<Topic> topics, EventReader reader, int? seatsLeft, DateTimeOffset now, string language)
    {
        var text = e.TextIn(language);
        var names = topics.ToDictionary(t => t.Slug, t => t.Name, StringComparer.Ordinal);
        var window = e.RegistrationAt(now);
        return new
        {
            e.EventId,
            text.Title,
            Paragraphs = Paragraphs(text.Description),
            Status = EventNames.Of(e.Status),
            Format = EventNames.Of(e.Format),
            When = EventTimes.For(e, language),
            Ended = e.EndsAt <= now,
            Topics = e.Topics.Select(slug => names.GetValueOrDefault(slug, slug)).ToArray(),
            Venue = e.HasPlace && e.Venue is { } venue
                ? new VenueView(venue.Name ?? "", venue.Address, EventAnswers.MapUrl(venue.Point)?.AbsoluteUri ?? "")
                : null,
            Languages = e.Languages.Select(LanguageName).ToArray(),
            Capacity = e.Capacity ?? 0,
            SeatsLeft = seatsLeft ?? -1,
            e.Waitlist,
            Window = EventWindowNames.Of(window),
            OpensOn = e.RegistrationOpensAt is { } opens ? EventTimes.Moment(e, opens, language) : "",
            ClosesOn = EventTimes.Moment(e, e.EffectiveRegistrationClosesAt, language),
            Agenda = e.Agenda.OrderBy(item => item.StartsAt).Select(item => new AgendaView(
                EventTimes.Item(e, item, language),
                EventTimes.Local(e, item.StartsAt).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                item.Title,
                string.Join(", ", item.Speakers.Select(s => s.Name)))).ToArray(),
            Materials = e.Materials.Select(m => new MaterialView(EventNames.Of(m.Kind), m.Title, MaterialHref(m))).Where(m => m.Href != "").ToArray(),
            Report = Paragraphs(e.Report),
            Attended = e.Attended ?? -1,
            Reader = reader switch
            {
                EventReader.Member => "member",
                EventReader.LinkExpired => "expired",
                _ => "visitor",
            },
            OnlineUrl = "",
            FormToken = reader is EventReader.Member { FormToken: var formToken } ? formToken : "",
            Back = $"{PageLinks.Base}/events",
            Here = $"{PageLinks.Base}/events/{e.EventId}",
        };
    }

    // The app's own document pages by path; a link only when it is a web address.
    private static string MaterialHref(EventMaterial material) =>
        material.DocumentId is { } documentId ? $"{PageLinks.Base}/documents/{Uri.EscapeDataString(documentId)}"
        : material.Link is { IsAbsoluteUri: true, Scheme: "https" or "http" } link ? link.AbsoluteUri
        : "";

    // A language by its own name ("français"), or its code when the system does not know it.
    private static string LanguageName(string code)
    {
        try
        {
            var culture = CultureInfo.GetCultureInfo(code, predefinedOnly: true);
            return culture.NativeName.Length > 0 ? char.ToUpper(culture.NativeName[0], culture) + culture.NativeName[1..] : code;
        }
        catch (CultureNotFoundException)
        {
            return code;
        }
    }

    // Free text keeps its line breaks as paragraphs.
    private static string[] Paragraphs(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private sealed record VenueView(string Name, string Address, string Map);

    private sealed record AgendaView(string Time, string StartsAt, string Title, string Speakers);

    private sealed record MaterialView(string Kind, string Title, string Href);
}
