using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Events;
using CoP.Shared.Members;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Events.Pages;

/// <summary>
/// GET /api/events?topic=&amp;from=&amp;to=: public events (never drafts), those still to come first (soonest first),
/// then those that have ended (latest first). Without <c>from</c>, only events that have not ended yet. A browser
/// (Accept ranks text/html first) gets the page of cards with the filter form, which shows refused values as field errors.
/// </summary>
public sealed class ListEventsFunction(EventStore events, TopicStore topics, IOptions<MembershipOptions> membership, TimeProvider time)
{
    [Function(nameof(ListEvents))]
    public async Task<IResult> ListEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.Vary = "Accept, Accept-Language";
        var html = HtmlPages.PrefersHtml(request);
        return EventListQuery.Read(request) switch
        {
            Validated<EventListQuery>.Valid { Value: var query } => await ListAsync(request, query, html, cancellationToken),
            Validated<EventListQuery>.Invalid { Errors: var errors } when html =>
                EventListPage.Refused(request, await topics.ListActiveAsync(cancellationToken), errors),
            Validated<EventListQuery>.Invalid { Errors: var errors } => Problems.Validation(errors),
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> ListAsync(HttpRequest request, EventListQuery query, bool html, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var listed = (await events.ListEndingAfterAsync(query.From ?? now, cancellationToken))
            .Where(e => e.IsPublic && (query.Topic is null || e.Topics.Contains(query.Topic, StringComparer.Ordinal)) && (query.To is null || e.StartsAt < query.To))
            .ToList();
        var upcoming = listed.Where(e => e.EndsAt > now).ToList();
        var past = listed.Where(e => e.EndsAt <= now).OrderByDescending(e => e.StartsAt).ToList();
        if (html)
        {
            return EventListPage.List(request, await topics.ListActiveAsync(cancellationToken), upcoming, past, now);
        }

        var language = HtmlPages.Language(request);
        var publicBase = membership.Value.PublicApiBaseUrl!;
        return TypedResults.Ok(new EventListResponse([.. upcoming.Concat(past).Select(e => EventAnswers.Summary(e, language, publicBase, now))]));
    }
}
