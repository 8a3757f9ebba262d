using System.Globalization;
using CoP.Shared.Events;
using CoP.Shared.Events.Registrations;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Console.Events;

/// <summary>
/// The model of the console's event page (console-event): the event in full, in the organiser's zone and in UTC, its seats
/// and registrations (names are for operators' eyes: the page, never a log or an audit row), and its forms (attendance
/// and report, a material, the cancellation), shown again with their errors when one was refused.
/// </summary>
public static class EventPage
{
    private const int MaxEcho = 10_000;

    /// <summary>What the page's forms hold: posted values and errors (by field) after a refusal, else the event's own.</summary>
    public sealed record Forms(
        string Attended,
        string Report,
        string MaterialKind,
        string MaterialTitle,
        string MaterialDocumentId,
        string MaterialLink,
        IReadOnlyDictionary<string, string[]> Errors)
    {
        public static Forms Of(Event e)
        {
            ArgumentNullException.ThrowIfNull(e);
            return new(e.Attended?.ToString(CultureInfo.InvariantCulture) ?? "", e.Report ?? "", "slides", "", "", "", new Dictionary<string, string[]>());
        }
    }

    /// <summary>The page, 200 or (with errors) <paramref name="status"/>, with <paramref name="done"/> (<c>?done=</c>) saying what was just done.</summary>
    public static IResult Show(
        ConsoleSession.Open session, StoredEvent stored, IReadOnlyList<ExportedRegistration> registrations, Forms forms, string done = "",
        int status = StatusCodes.Status400BadRequest)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(registrations);
        ArgumentNullException.ThrowIfNull(forms);
        return ConsoleGate.Page(
            forms.Errors.Count == 0 ? StatusCodes.Status200OK : status, "console-event", session, language => Model(stored.Event, registrations, forms, done, language));
    }

    /// <summary>The page of <paramref name="eventId"/> with its registrations as the export reads them; null for an unknown event.</summary>
    public static async Task<IResult?> ShowAsync(
        EventStore events, EventRegistrationExport export, ConsoleSession.Open session, string eventId, Func<Event, Forms> forms, string done, int status,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(export);
        ArgumentNullException.ThrowIfNull(forms);
        return await events.GetAsync(eventId, cancellationToken) is { } stored && await export.ReadAsync(stored.Event.EventId, cancellationToken) is { } registrations
            ? Show(session, stored, registrations, forms(stored.Event), done, status)
            : null;
    }

    private static object Model(Event e, IReadOnlyList<ExportedRegistration> registrations, Forms forms, string done, string language) => new
    {
        Seats = new
        {
            Registered = registrations.Count(r => r.Status == EventRegistrationEntity.Registered),
            Waitlisted = registrations.Count(r => r.Status == EventRegistrationEntity.Waitlisted),
            Capacity = e.Capacity?.ToString(CultureInfo.InvariantCulture) ?? "",
        },
        Registrations = registrations.Select(r => new
        {
            r.MemberId,
            r.Name,
            Organization = r.Organization ?? "",
            r.Status,
            Position = r.Position?.ToString(CultureInfo.InvariantCulture) ?? "",
            RegisteredAt = ConsoleFormat.Time(r.RegisteredAt, language),
        }).ToArray(),
        Event = new
        {
            e.EventId,
            e.TextIn(language).Title,
            Status = EventNames.Of(e.Status),
            Format = EventNames.Of(e.Format),
            Texts = e.Texts.OrderBy(text => text.Key, StringComparer.Ordinal)
                .Select(text => new { Language = text.Key, text.Value.Title, Description = text.Value.Description ?? "" }).ToArray(),
            Topics = string.Join(", ", e.Topics),
            e.TimeZone,
            StartsAt = OrganiserTime.Show(e.StartsAt, e.TimeZone, language),
            EndsAt = OrganiserTime.Show(e.EndsAt, e.TimeZone, language),
            StartsAtUtc = ConsoleFormat.Time(e.StartsAt, language),
            EndsAtUtc = ConsoleFormat.Time(e.EndsAt, language),
            VenueName = e.Venue?.Name ?? "",
            VenueAddress = e.Venue?.Address ?? "",
            VenuePoint = e.Venue?.Point is { } point ? string.Create(CultureInfo.InvariantCulture, $"{point.Latitude}, {point.Longitude}") : "",
            OnlineUrl = e.OnlineUrl?.ToString() ?? "",
            Languages = string.Join(", ", e.Languages),
            Capacity = e.Capacity?.ToString(CultureInfo.InvariantCulture) ?? "",
            e.Waitlist,
            RegistrationOpensAt = e.RegistrationOpensAt is { } opens ? OrganiserTime.Show(opens, e.TimeZone, language) : "",
            RegistrationClosesAt = OrganiserTime.Show(e.EffectiveRegistrationClosesAt, e.TimeZone, language),
            Agenda = e.Agenda.Select(item => new
            {
                StartsAt = OrganiserTime.Show(item.StartsAt, e.TimeZone, language),
                EndsAt = item.EndsAt is { } ends ? OrganiserTime.Show(ends, e.TimeZone, language) : "",
                item.Title,
                Speakers = string.Join(", ", item.Speakers.Select(speaker => speaker.Name)),
            }).ToArray(),
            Materials = e.Materials.Select(material => new
            {
                Kind = EventNames.Of(material.Kind),
                material.Title,
                Href = material.DocumentId is { } documentId ? $"/api/documents/{documentId}" : material.Link?.ToString() ?? "",
                AddedAt = ConsoleFormat.Time(material.AddedAt, language),
            }).ToArray(),
            Report = e.Report ?? "",
            Attended = e.Attended?.ToString(CultureInfo.InvariantCulture) ?? "",
            e.IsPublic,
            CreatedAt = ConsoleFormat.Time(e.CreatedAt, language),
            UpdatedAt = ConsoleFormat.Time(e.UpdatedAt, language),
        },
        CanEdit = e.Status is EventStatus.Draft or EventStatus.Published,
        CanCancel = e.Status is EventStatus.Draft or EventStatus.Published,
        Form = new
        {
            forms.Attended,
            forms.Report,
            forms.MaterialKind,
            forms.MaterialTitle,
            forms.MaterialDocumentId,
            forms.MaterialLink,
        },
        Error = new
        {
            Attended = Error(forms, "attended"),
            Report = Error(forms, "report"),
            MaterialKind = Error(forms, "kind"),
            MaterialTitle = Error(forms, "title"),
            MaterialDocumentId = Error(forms, "documentId"),
            MaterialLink = Error(forms, "link"),
            Confirm = Error(forms, "confirm"),
            Event = Error(forms, "event"),
        },
        Done = done,
    };

    /// <summary>A refused value is shown back in its field, but never more of it than any field of the page allows.</summary>
    public static string Bounded(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length <= MaxEcho ? value : value[..MaxEcho];
    }

    private static string Error(Forms forms, string field) => forms.Errors.TryGetValue(field, out var messages) && messages.Length > 0 ? messages[0] : "";
}
