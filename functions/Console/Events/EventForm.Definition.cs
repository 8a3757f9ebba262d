using System.Globalization;
using System.Text.RegularExpressions;
using CoP.Shared.Events;
using CoP.Shared.Validation;

namespace CoP.Functions.Console.Events;

// What the form's text says as the definition of the JSON routes: its times converted from the organiser's zone to UTC.
public sealed partial record EventForm
{
    /// <summary>
    /// The definition this form describes, as the manage JSON routes would receive it: empty fields left out (the rules
    /// decide whether they may be), times in UTC. Or the fields the form cannot read: a zone tzdb does not know, a time
    /// that is none (or that the zone skips), a number that is none.
    /// </summary>
    public Validated<EventDefinition> Definition()
    {
        var errors = new FieldErrors();
        var zone = OrganiserTime.Zone(TimeZone);
        if (TimeZone.Length > 0 && zone is null)
        {
            errors.Add("timeZone", "Enter a time zone of the IANA database, e.g. Europe/Paris or America/Bogota.");
        }

        string? Moment(string field, string text) =>
            OrganiserTime.Read(field, text, zone, errors) is { } at ? EventDefinition.Moment(at) : null;

        var startsAt = Moment("startsAt", StartsAt);
        var endsAt = Moment("endsAt", EndsAt);
        var opensAt = Moment("registrationOpensAt", RegistrationOpensAt);
        var closesAt = Moment("registrationClosesAt", RegistrationClosesAt);
        var latitude = Decimal("latitude", Latitude, errors);
        var longitude = Decimal("longitude", Longitude, errors);
        var capacity = Number("capacity", Capacity, errors);
        var agenda = Agenda.Select((row, i) => new AgendaItemDefinition
        {
            StartsAt = Moment($"agenda[{i}].startsAt", row.StartsAt),
            EndsAt = Moment($"agenda[{i}].endsAt", row.EndsAt),
            Title = row.Title,
            Speakers = [.. Speakers(row.Speakers)],
        }).ToList();
        return errors.Result(() => new EventDefinition
        {
            Texts = Texts.ToDictionary(
                text => text.Key,
                text => (EventTextDefinition?)new EventTextDefinition { Title = text.Value.Title, Description = Blank(text.Value.Description) },
                StringComparer.Ordinal),
            Topics = [.. Topics],
            Format = Blank(Format),
            StartsAt = startsAt,
            EndsAt = endsAt,
            TimeZone = Blank(TimeZone),
            Venue = $"{VenueName}{VenueAddress}{Latitude}{Longitude}".Trim().Length == 0 ? null : new EventVenueDefinition
            {
                Name = Blank(VenueName),
                Address = VenueAddress,
                Point = latitude is null && longitude is null ? null : new GeoPointDefinition { Latitude = latitude, Longitude = longitude },
            },
            OnlineUrl = Blank(OnlineUrl),
            Languages = Languages.Count == 0 ? null : [.. Languages],
            Capacity = capacity,
            Waitlist = Waitlist,
            RegistrationOpensAt = opensAt,
            RegistrationClosesAt = closesAt,
            Agenda = [.. agenda],
            Status = Blank(Status),
        });
    }

    /// <summary>A speakers field: names separated by semicolons, a member's name followed by their id in brackets.</summary>
    public static IEnumerable<EventSpeakerDefinition?> Speakers(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            yield return SpeakerWithMember().Match(part) is { Success: true } match
                ? new EventSpeakerDefinition { Name = match.Groups[1].Value, MemberId = match.Groups[2].Value }
                : new EventSpeakerDefinition { Name = part };
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static int? Number(string field, string text, FieldErrors errors)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        errors.Add(field, "Enter a whole number.");
        return null;
    }

    private static double? Decimal(string field, string text, FieldErrors errors)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return number;
        }

        errors.Add(field, "Enter a number in degrees, with a point for decimals, e.g. 48.8566.");
        return null;
    }

    [GeneratedRegex(@"^(.*?)\s*\[([0-9a-f]{32})\]\z", RegexOptions.CultureInvariant)]
    private static partial Regex SpeakerWithMember();
}
