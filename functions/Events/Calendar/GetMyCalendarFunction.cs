using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Functions.Members;
using CoP.Shared.Events.Calendar;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Events.Calendar;

/// <summary>
/// GET /api/members/me/calendar.ics?token=: the member's personal feed, the events they hold a place at with the
/// online links, for calendar apps to subscribe to. A calendar token (or an account token): 401 when it is missing,
/// expired or revoked, 403 for a token of another purpose. Never cached; no answer leaks a referrer.
/// </summary>
public sealed class GetMyCalendarFunction(MemberAccountService accounts, EventCalendarFeeds feeds)
{
    [Function(nameof(GetMyCalendar))]
    public async Task<IResult> GetMyCalendar(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "members/me/calendar.ics")] HttpRequest request,
        CancellationToken cancellationToken) =>
        await MemberRequest.AuthenticateAsync(request, accounts, MemberAction.ReadCalendar, cancellationToken) switch
        {
            MemberAuthentication.Authenticated { Member: var member } =>
                CalendarAnswers.Personal(request, await feeds.MemberFeedAsync(member, cancellationToken), "my-events.ics"),
            MemberAuthentication.Refused { Status: var status } => MemberTokens.Refused(status),
            _ => throw new UnreachableException(),
        };
}
