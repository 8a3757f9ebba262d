using System.Globalization;
using System.Text.RegularExpressions;
using CoP.Shared.Members;
using CoP.Shared.Validation;

namespace CoP.Shared.Events;

/// <summary>The times of a definition: the event's own, its registration window and its agenda.</summary>
public static partial class EventRules
{
    /// <summary>
    /// Reads an RFC 3339 time with its offset ("2026-12-01T17:00:00+01:00" or "...Z"), as UTC; null when absent or
    /// malformed (with the error recorded).
    /// </summary>
    public static DateTimeOffset? Moment(string? value, string field, FieldErrors errors, bool required = false)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value is null)
        {
            errors.AddIf(field, required ? "This time is required (RFC 3339 with an offset, e.g. 2026-12-01T17:00:00+01:00)." : null);
            return null;
        }

        if (value.Length > 40 || !MomentPattern().IsMatch(value)
            || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment))
        {
            errors.Add(field, "A time is RFC 3339 with an offset, e.g. 2026-12-01T17:00:00+01:00 or 2026-12-01T16:00:00Z.");
            return null;
        }

        return moment.ToUniversalTime();
    }

    private static (DateTimeOffset? StartsAt, DateTimeOffset? EndsAt) Times(EventDefinition definition, DateTimeOffset now, Event? current, FieldErrors errors)
    {
        var startsAt = Moment(definition.StartsAt, "startsAt", errors, required: true);
        var endsAt = Moment(definition.EndsAt, "endsAt", errors, required: true);
        if (startsAt is not { } start)
        {
            return (null, null);
        }

        // An event that has started keeps its past start through updates (a typo fixed afterwards); a new or moved one starts later.
        if (start != current?.StartsAt && start <= now)
        {
            errors.Add("startsAt", "The start must be in the future.");
            return (null, null);
        }

        if (start > now + MaxHorizon)
        {
            errors.Add("startsAt", "The start is at most two years ahead.");
            return (null, null);
        }

        if (endsAt is not { } end)
        {
            return (startsAt, null);
        }

        if (end <= start)
        {
            errors.Add("endsAt", "The end must be after the start.");
            return (startsAt, null);
        }

        if (end - start > MaxDuration)
        {
            errors.Add("endsAt", $"An event lasts at most {MaxDuration.TotalDays} days.");
            return (startsAt, null);
        }

        return (startsAt, endsAt);
    }

    private static (DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt) Registration(
        EventDefinition definition, DateTimeOffset createdAt, DateTimeOffset? startsAt, FieldErrors errors)
    {
        var opensAt = Moment(definition.RegistrationOpensAt, "registrationOpensAt", errors);
        var closesAt = Moment(definition.RegistrationClosesAt, "registrationClosesAt", errors);
        if (opensAt is { } opens && opens < createdAt - ClockSkew)
        {
            errors.Add("registrationOpensAt", "Registration opens at the earliest when the event is created (leave it out to open at once).");
        }
        else if (opensAt is { } early && startsAt is { } start && early >= start)
        {
            errors.Add("registrationOpensAt", "Registration opens before the event starts.");
        }

        if (closesAt is { } closes && startsAt is { } begins && closes > begins)
        {
            errors.Add("registrationClosesAt", "Registration closes at the latest when the event starts.");
        }
        else if (closesAt is { } closing && closing <= (opensAt ?? createdAt))
        {
            errors.Add("registrationClosesAt", "Registration closes after it opens.");
        }

        return (opensAt, closesAt);
    }

    private static List<AgendaItem>? Agenda(List<AgendaItemDefinition?>? definitions, DateTimeOffset start, DateTimeOffset end, FieldErrors errors)
    {
        if (definitions is null)
        {
            return [];
        }

        if (definitions.Count > MaxAgendaItems)
        {
            errors.Add("agenda", $"An agenda has at most {MaxAgendaItems} items.");
            return null;
        }

        var items = new List<AgendaItem>();
        for (var i = 0; i < definitions.Count; i++)
        {
            var field = $"agenda[{i}]";
            if (definitions[i] is not { } definition)
            {
                errors.Add(field, "Each agenda item is an object with a start time and a title.");
                continue;
            }

            var itemStart = Moment(definition.StartsAt, field + ".startsAt", errors, required: true);
            var itemEnd = Moment(definition.EndsAt, field + ".endsAt", errors);
            if (itemStart is { } from && (from < start || from >= end))
            {
                errors.Add(field + ".startsAt", "An agenda item starts within the event.");
            }
            else if (itemEnd is { } to && (to <= itemStart || to > end))
            {
                errors.Add(field + ".endsAt", "An agenda item ends after it starts and at the latest when the event ends.");
            }

            var title = errors.Text(definition.Title, new TextField(field + ".title", MaxTitleLength, Required: true, Label: "title"));
            var speakers = Speakers(definition.Speakers, field, errors);
            if (itemStart is { } begins && title is not null && speakers is not null)
            {
                items.Add(new AgendaItem(begins, itemEnd, title, speakers));
            }
        }

        return items.Count == definitions.Count ? [.. items.OrderBy(item => item.StartsAt)] : null;
    }

    private static List<EventSpeaker>? Speakers(List<EventSpeakerDefinition?>? definitions, string item, FieldErrors errors)
    {
        if (definitions is null)
        {
            return [];
        }

        if (definitions.Count > MaxSpeakers)
        {
            errors.Add(item + ".speakers", $"An agenda item has at most {MaxSpeakers} speakers.");
            return null;
        }

        var speakers = new List<EventSpeaker>();
        for (var i = 0; i < definitions.Count; i++)
        {
            var field = $"{item}.speakers[{i}]";
            var name = errors.Text(definitions[i]?.Name, new TextField(field + ".name", MaxSpeakerNameLength, Required: true, Label: "speaker's name"));
            var memberId = definitions[i]?.MemberId;
            if (memberId is not null && !MemberStore.IsValidMemberId(memberId))
            {
                errors.Add(field + ".memberId", "A member id is 32 lowercase hexadecimal digits; leave it out for a guest.");
            }
            else if (name is not null)
            {
                speakers.Add(new EventSpeaker(name, memberId));
            }
        }

        return speakers.Count == definitions.Count ? speakers : null;
    }

    // \z, not $: $ also matches before a final line break.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,7})?([Zz]|[+-]\d{2}:\d{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex MomentPattern();
}
