using System.Text.RegularExpressions;
using CoP.Shared.Members;
using CoP.Shared.Templates;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Console.Events;

/// <summary>
/// The console's event form page (console-event-form), new or edit: the form's values, each field's first error beside
/// it, the errors in the order of the page for the summary at the top, and the agenda rows (at least
/// <see cref="ShownRows"/> in view, the rest behind a "more agenda items" disclosure).
/// </summary>
public static partial class EventFormPage
{
    public const int ShownRows = 3;

    private const string TimeMessage = "Enter a date and time (in the event's time zone).";

    /// <summary>Agenda rows the form offers at most (the rules' maximum).</summary>
    public const int AgendaRows = 30;

    // The definition's fields in the order of the page, each with the id of the input the summary links to.
    private static readonly (string Field, string Input)[] Fields =
    [
        ("texts", "title-en"), ("topics", "topics-0"), ("format", "format-online"), ("timeZone", "timeZone"), ("startsAt", "startsAt"),
        ("endsAt", "endsAt"), ("venue", "venueAddress"), ("venue.name", "venueName"), ("venue.address", "venueAddress"),
        ("venue.point", "latitude"), ("latitude", "latitude"), ("longitude", "longitude"), ("onlineUrl", "onlineUrl"),
        ("languages", "languages-0"), ("capacity", "capacity"), ("registrationOpensAt", "registrationOpensAt"),
        ("registrationClosesAt", "registrationClosesAt"), ("agenda", "agenda-0-startsAt"), ("status", "status-draft"),
    ];

    /// <summary>
    /// The new-event page (no <paramref name="eventId"/>) or an event's edit page; 400 when there are errors, unless
    /// <paramref name="status"/> says otherwise (409 for a change made meanwhile).
    /// </summary>
    public static IResult Show(
        ConsoleSession.Open session, string? eventId, EventForm form, IReadOnlyDictionary<string, string[]> errors, IReadOnlyList<Topic> topics, int? status = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(errors);
        // The rules' time messages tell JSON clients how to write a time; here there are date-time fields to fill.
        errors = errors.ToDictionary(
            error => error.Key,
            error => error.Value.Select(message => message.Contains("RFC 3339", StringComparison.Ordinal) ? TimeMessage : message).ToArray(),
            StringComparer.Ordinal);
        return ConsoleGate.Page(status ?? (errors.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest), "console-event-form", session, _ => Model(eventId, form, errors, topics));
    }

    private static object Model(string? eventId, EventForm form, IReadOnlyDictionary<string, string[]> errors, IReadOnlyList<Topic> topics)
    {
        // A few empty rows beyond those filled, so that the page stays light; saving and editing again offers more.
        var offeredRows = Math.Clamp(form.Agenda.Count + 5, 8, AgendaRows);
        var rows = Enumerable.Range(0, Math.Max(offeredRows, form.Agenda.Count))
            .Select(i => Row(i, i < form.Agenda.Count ? form.Agenda[i] : new EventForm.AgendaRow("", "", "", ""), errors))
            .ToArray();
        var shown = Math.Clamp(form.Agenda.Count + 1, ShownRows, rows.Length);
        var offered = topics.Select(topic => (topic.Slug, topic.Name))
            .Concat(form.Topics.Where(slug => !topics.Any(topic => topic.Slug == slug)).Select(slug => (Slug: slug, Name: slug)));
        return new
        {
            IsEdit = eventId is not null,
            EventId = eventId ?? "",
            Action = eventId is null ? $"{ConsoleGate.Home}/events" : $"{ConsoleGate.Home}/events/{eventId}",
            Form = new
            {
                form.Format,
                form.TimeZone,
                form.StartsAt,
                form.EndsAt,
                form.VenueName,
                form.VenueAddress,
                form.Latitude,
                form.Longitude,
                form.OnlineUrl,
                form.Capacity,
                form.Waitlist,
                form.RegistrationOpensAt,
                form.RegistrationClosesAt,
                form.Status,
                form.Version,
            },
            Texts = TemplateLanguages.All.Select(language => new
            {
                Language = language,
                form.TextOf(language).Title,
                Description = form.TextOf(language).Description ?? "",
                TitleError = Error(errors, $"texts.{language}.title") is { Length: > 0 } title ? title : language == TemplateLanguages.Default ? Error(errors, "texts") : "",
                DescriptionError = Error(errors, $"texts.{language}.description"),
            }).ToArray(),
            Topics = offered.Select((topic, i) => new { Index = i, topic.Slug, topic.Name, Ticked = form.Topics.Contains(topic.Slug) }).ToArray(),
            Languages = MemberRules.Languages.Order(StringComparer.Ordinal).Select((language, i) => new { Index = i, Code = language, Ticked = form.Languages.Contains(language) }).ToArray(),
            Error = new
            {
                Topics = Error(errors, "topics"),
                Format = Error(errors, "format"),
                TimeZone = Error(errors, "timeZone"),
                StartsAt = Error(errors, "startsAt"),
                EndsAt = Error(errors, "endsAt"),
                VenueName = Error(errors, "venue.name"),
                VenueAddress = First(errors, "venue.address", "venue"),
                Latitude = First(errors, "latitude", "venue.point"),
                Longitude = Error(errors, "longitude"),
                OnlineUrl = Error(errors, "onlineUrl"),
                Languages = Error(errors, "languages"),
                Capacity = Error(errors, "capacity"),
                RegistrationOpensAt = Error(errors, "registrationOpensAt"),
                RegistrationClosesAt = Error(errors, "registrationClosesAt"),
                Agenda = Error(errors, "agenda"),
                Status = Error(errors, "status"),
                Form = First(errors, "version", "event"),
            },
            Summary = Summary(errors.Where(error => error.Key is not ("version" or "event"))),
            Rows = rows,
            Shown = shown,
            MoreOpen = rows[shown..].Any(row => $"{row.StartsAt}{row.EndsAt}{row.Title}{row.Speakers}{row.Error}".Length > 0),
            AgendaRows,
        };
    }

    private static AgendaLine Row(int index, EventForm.AgendaRow row, IReadOnlyDictionary<string, string[]> errors) => new(
        index,
        index + 1,
        row.StartsAt,
        row.EndsAt,
        row.Title,
        row.Speakers,
        errors.Where(error => AgendaError().Match(error.Key) is { Success: true } match && match.Groups[1].Value == index.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Select(error => error.Value[0]).FirstOrDefault() ?? "");

    // Every error once, in the order of the page: the summary's links to the fields.
    private static SummaryLine[] Summary(IEnumerable<KeyValuePair<string, string[]>> errors) =>
        [.. errors
            .Select(error => (Order: Order(error.Key), Line: new SummaryLine(Input(error.Key), error.Value[0])))
            .OrderBy(error => error.Order.Field).ThenBy(error => error.Order.Row)
            .Select(error => error.Line)];

    private static (int Field, int Row) Order(string key)
    {
        if (AgendaError().Match(key) is { Success: true } match)
        {
            return (Array.FindIndex(Fields, f => f.Field == "agenda"), int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1);
        }

        if (TextError().Match(key) is { Success: true } text)
        {
            return (0, TemplateLanguages.All.ToList().IndexOf(text.Groups[1].Value) + 1);
        }

        var index = Array.FindIndex(Fields, f => f.Field == key);
        return (index < 0 ? Fields.Length : index, 0);
    }

    private static string Input(string key)
    {
        if (AgendaError().Match(key) is { Success: true } match)
        {
            var part = match.Groups[2].Value is "startsAt" or "endsAt" or "title" ? match.Groups[2].Value : match.Groups[2].Value.Length == 0 ? "title" : "speakers";
            return $"agenda-{match.Groups[1].Value}-{part}";
        }

        if (TextError().Match(key) is { Success: true } text)
        {
            return $"{text.Groups[2].Value}-{text.Groups[1].Value}";
        }

        return Fields.FirstOrDefault(f => f.Field == key).Input ?? "title-en";
    }

    private static string Error(IReadOnlyDictionary<string, string[]> errors, string field) =>
        errors.TryGetValue(field, out var messages) && messages.Length > 0 ? messages[0] : "";

    private static string First(IReadOnlyDictionary<string, string[]> errors, string field, string fallback) =>
        Error(errors, field) is { Length: > 0 } message ? message : Error(errors, fallback);

    private sealed record AgendaLine(int Index, int Number, string StartsAt, string EndsAt, string Title, string Speakers, string Error);

    private sealed record SummaryLine(string Input, string Message);

    // agenda[2], agenda[2].title, agenda[2].speakers[0].name: the row, and the part of it.
    [GeneratedRegex(@"^agenda\[(\d+)\](?:\.(\w+))?", RegexOptions.CultureInvariant)]
    private static partial Regex AgendaError();

    [GeneratedRegex(@"^texts\.(\w+)\.(title|description)\z", RegexOptions.CultureInvariant)]
    private static partial Regex TextError();
}
