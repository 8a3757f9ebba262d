using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Events.Calendar;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Events.Calendar;

/// <summary>
/// GET /api/events/calendar.ics?topic=: the feed of upcoming and recent public events (on one topic when given), for
/// calendar apps to subscribe to. Never the online links.
/// </summary>
public sealed class GetEventsCalendarFunction(EventCalendarFeeds feeds)
{
    [Function(nameof(GetEventsCalendar))]
    public async Task<IResult> GetEventsCalendar(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/calendar.ics")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var topic = QueryParameters.One(request, "topic", errors);
        if (topic is not null && !TopicRules.IsValidSlug(topic))
        {
            errors.Add("topic", "A topic slug is lowercase words joined by hyphens.");
        }

        return errors.Result(() => topic) switch
        {
            Validated<string?>.Valid { Value: var slug } => CalendarAnswers.Public(
                request, await feeds.PublicFeedAsync(slug, cancellationToken), slug is null ? "events.ics" : $"events-{slug}.ics"),
            Validated<string?>.Invalid { Errors: var refused } => Problems.Validation(refused),
            _ => throw new UnreachableException(),
        };
    }
}
