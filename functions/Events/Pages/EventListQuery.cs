using System.Globalization;
using CoP.Functions.Http;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Events.Pages;

/// <summary>
/// The query of the public event listing: a topic, and a span of time (<c>from</c>, <c>to</c>), each a date
/// (<c>2026-12-01</c>, a whole day in UTC) or an RFC 3339 time. An event is listed when it ends after <c>from</c> (by
/// default, now: what has not ended yet) and starts before <c>to</c>.
/// </summary>
public sealed record EventListQuery(string? Topic, DateTimeOffset? From, DateTimeOffset? To)
{
    private const string TimeMessage = "Use a date such as 2026-12-01 or an RFC 3339 time such as 2026-12-01T09:00:00Z.";

    private static readonly string[] TimeFormats =
        ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK"];

    /// <summary>The query parameters, each given at most once.</summary>
    public static Validated<EventListQuery> Read(HttpRequest request)
    {
        var errors = new FieldErrors();
        var topic = QueryParameters.One(request, "topic", errors);
        if (topic is not null && !TopicRules.IsValidSlug(topic))
        {
            errors.Add("topic", "A topic slug is lowercase words joined by hyphens.");
        }

        var from = Time(QueryParameters.One(request, "from", errors), endOfDay: false, "from", errors);
        var to = Time(QueryParameters.One(request, "to", errors), endOfDay: true, "to", errors);
        if (from is { } start && to is { } end && end <= start)
        {
            errors.Add("to", "Give a time after from.");
        }

        return errors.Result(() => new EventListQuery(topic, from, to));
    }

    /// <summary>A date (the start of that day in UTC, or with <paramref name="endOfDay"/> the start of the next) or an RFC 3339 time with its offset.</summary>
    public static DateTimeOffset? Parse(string? value, bool endOfDay)
    {
        if (value is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var day = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return endOfDay && date < DateOnly.MaxValue ? day.AddDays(1) : day;
        }

        // RFC 3339 requires the offset (Z or ±hh:mm): a time without one names no instant.
        return value.Length > 19 && (value[^1] is 'Z' or 'z' || value[^6] is '+' or '-')
            && DateTimeOffset.TryParseExact(value.ToUpperInvariant(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : null;
    }

    private static DateTimeOffset? Time(string? value, bool endOfDay, string field, FieldErrors errors)
    {
        var time = Parse(value, endOfDay);
        if (value is not null && time is null)
        {
            errors.Add(field, TimeMessage);
        }

        return time;
    }
}
