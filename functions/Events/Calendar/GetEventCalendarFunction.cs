using CoP.Functions.Http;
using CoP.Shared.Events.Calendar;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Events.Calendar;

/// <summary>
/// GET /api/events/{eventId}/calendar.ics: one event's public calendar (RFC 5545), to open or import; a cancelled
/// event's says so. Drafts and unknown ids are 404. Never the online link: registered people get it in their invitation.
/// </summary>
public sealed class GetEventCalendarFunction(EventCalendarFeeds feeds)
{
    [Function(nameof(GetEventCalendar))]
    public async Task<IResult> GetEventCalendar(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/{eventId}/calendar.ics")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken) =>
        await feeds.EventAsync(eventId, cancellationToken) is { } calendar
            ? CalendarAnswers.Public(request, calendar, $"event-{eventId}.ics")
            : Problems.NotFound("There is no published event with this id.");
}
