using System.Globalization;
using System.Text.RegularExpressions;
using CoP.Shared.Events;
using CoP.Shared.Templates;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CoP.Functions.Console.Events;

/// <summary>
/// The console's event form as posted: every part of the <see cref="EventDefinition"/> that the manage JSON routes take,
/// as text. Times are wall-clock times in the organiser's zone (field <c>timeZone</c>), which <see cref="Definition"/>
/// converts to UTC; texts are <c>title.{lang}</c> and <c>description.{lang}</c>; agenda rows are <c>agenda[i].startsAt</c>,
/// <c>.endsAt</c>, <c>.title</c> and <c>.speakers</c> (semicolon-separated; a member as <c>Name [member id]</c>).
/// <see cref="Version"/> is the version the edit form was made from. The rules are <see cref="EventRules"/>', judged by
/// the same service call as the JSON routes.
/// </summary>
public sealed partial record EventForm(
    IReadOnlyDictionary<string, EventText> Texts,
    IReadOnlyList<string> Topics,
    string Format,
    string TimeZone,
    string StartsAt,
    string EndsAt,
    string VenueName,
    string VenueAddress,
    string Latitude,
    string Longitude,
    string OnlineUrl,
    IReadOnlyList<string> Languages,
    string Capacity,
    bool Waitlist,
    string RegistrationOpensAt,
    string RegistrationClosesAt,
    IReadOnlyList<EventForm.AgendaRow> Agenda,
    string Status,
    string Version)
{
    /// <summary>How much of a refused value is shown back in its field.</summary>
    private const int MaxEcho = 10_000;

    private const int MaxTicked = 100;

    public static readonly EventForm Empty = new(
        new Dictionary<string, EventText>(StringComparer.Ordinal), [], EventNames.Of(EventFormat.Online), "", "", "", "", "", "", "", "", [],
        "", false, "", "", [], EventNames.Of(EventStatus.Draft), "");

    /// <summary>One agenda row: its wall-clock times, its title, its speakers as the field shows them.</summary>
    public sealed record AgendaRow(string StartsAt, string EndsAt, string Title, string Speakers);

    /// <summary>The text of <paramref name="language"/> as its fields show it (empty when there is none).</summary>
    public EventText TextOf(string language) => Texts.TryGetValue(language, out var text) ? text : new EventText("", "");

    /// <summary>The posted fields; texts of languages left empty and agenda rows left empty dropped.</summary>
    public static EventForm Read(IFormCollection fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var texts = new Dictionary<string, EventText>(StringComparer.Ordinal);
        foreach (var language in TemplateLanguages.All)
        {
            string title = Echo(fields[$"title.{language}"]), description = Echo(fields[$"description.{language}"]);
            if (title.Trim().Length > 0 || description.Trim().Length > 0)
            {
                texts[language] = new EventText(title, description);
            }
        }

        var rows = new SortedDictionary<int, AgendaRow>();
        foreach (var key in fields.Keys)
        {
            if (AgendaField().Match(key) is { Success: true } match && int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var index))
            {
                var row = rows.GetValueOrDefault(index, new AgendaRow("", "", "", ""));
                var value = Echo(fields[key]);
                rows[index] = match.Groups[2].Value switch
                {
                    "startsAt" => row with { StartsAt = value.Trim() },
                    "endsAt" => row with { EndsAt = value.Trim() },
                    "title" => row with { Title = value },
                    _ => row with { Speakers = value },
                };
            }
        }

        return new EventForm(
            texts,
            Values(fields["topics"]),
            Echo(fields["format"]).Trim(),
            Echo(fields["timeZone"]).Trim(),
            Echo(fields["startsAt"]).Trim(),
            Echo(fields["endsAt"]).Trim(),
            Echo(fields["venueName"]),
            Echo(fields["venueAddress"]),
            Echo(fields["latitude"]).Trim(),
            Echo(fields["longitude"]).Trim(),
            Echo(fields["onlineUrl"]).Trim(),
            Values(fields["languages"]),
            Echo(fields["capacity"]).Trim(),
            fields["waitlist"] == "true",
            Echo(fields["registrationOpensAt"]).Trim(),
            Echo(fields["registrationClosesAt"]).Trim(),
            [.. rows.Values.Where(row => $"{row.StartsAt}{row.EndsAt}{row.Title}{row.Speakers}".Trim().Length > 0)],
            Echo(fields["status"]).Trim(),
            Echo(fields["version"]).Trim());
    }

    /// <summary>The form of an event as stored: what its edit page starts from, times in the organiser's zone.</summary>
    public static EventForm Of(StoredEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var e = stored.Event;
        string Wall(DateTimeOffset at) => OrganiserTime.Field(at, e.TimeZone);
        return new EventForm(
            e.Texts.ToDictionary(text => text.Key, text => text.Value with { Description = text.Value.Description ?? "" }, StringComparer.Ordinal),
            e.Topics,
            EventNames.Of(e.Format),
            e.TimeZone,
            Wall(e.StartsAt),
            Wall(e.EndsAt),
            e.Venue?.Name ?? "",
            e.Venue?.Address ?? "",
            e.Venue?.Point?.Latitude.ToString(CultureInfo.InvariantCulture) ?? "",
            e.Venue?.Point?.Longitude.ToString(CultureInfo.InvariantCulture) ?? "",
            e.OnlineUrl?.AbsoluteUri ?? "",
            e.Languages,
            e.Capacity?.ToString(CultureInfo.InvariantCulture) ?? "",
            e.Waitlist,
            e.RegistrationOpensAt is { } opens ? Wall(opens) : "",
            e.RegistrationClosesAt is { } closes ? Wall(closes) : "",
            [.. e.Agenda.Select(item => new AgendaRow(
                Wall(item.StartsAt),
                item.EndsAt is { } ends ? Wall(ends) : "",
                item.Title,
                string.Join("; ", item.Speakers.Select(speaker => speaker.MemberId is { } id ? $"{speaker.Name} [{id}]" : speaker.Name))))],
            EventNames.Of(e.Status),
            stored.Version);
    }

    // Ticked boxes: their values, each once (the rules judge how many may be ticked), never more than a form could hold.
    private static string[] Values(StringValues values) =>
        [.. values.Select(value => Echo(value).Trim()).Where(value => value.Length > 0).Distinct(StringComparer.Ordinal).Take(MaxTicked)];

    // A refused value goes back into its field, but never more of it than any field of the form allows.
    private static string Echo(StringValues value)
    {
        var text = value.Count == 1 ? value[0] ?? "" : string.Join(",", value.ToArray());
        return text.Length <= MaxEcho ? text : text[..MaxEcho];
    }

    [GeneratedRegex(@"^agenda\[(\d{1,4})\]\.(startsAt|endsAt|title|speakers)\z", RegexOptions.CultureInvariant)]
    private static partial Regex AgendaField();
}
