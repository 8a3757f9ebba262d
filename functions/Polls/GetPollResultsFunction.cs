using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Polls;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Polls;

/// <summary>
/// GET /api/polls/{pollId}/results: the counts, as the poll's visibility rule allows. A member token (Bearer
/// or <c>?token=</c>) is needed only for <c>after-vote</c> polls that are still open; in a browser, the vote session
/// of the poll's page counts as the voter. Browsers (Accept ranks text/html first) get the results page
/// (<see cref="ResultsPage"/>). The counts come from the instance's cached tally (<see cref="PollResultsCache"/>): a
/// ballot shows at once on the instance that recorded it, and on every instance within
/// <c>Polls__ResultsCacheDuration</c> (2 s by default).
/// </summary>
public sealed class GetPollResultsFunction(PollService polls, MemberSessions sessions)
{
    [Function(nameof(GetPollResults))]
    public async Task<IResult> GetPollResults(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "polls/{pollId}/results")] HttpRequest request,
        string pollId,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        if (!HtmlPages.PrefersHtml(request))
        {
            return await polls.ResultsAsync(pollId, MemberTokens.FromHeaderOrQuery(request), admin: false, cancellationToken) switch
            {
                ResultsAccess.Shown { Results: var results } => TypedResults.Ok(PollResultsResponse.From(results)),
                ResultsAccess.Unauthorized => MemberTokens.Unauthorized(),
                ResultsAccess.VoteFirst => Hidden("The results of this poll are shown to members who voted, until it closes. Send your personal link's token after voting."),
                ResultsAccess.AfterClose => Hidden("The results of this poll are shown once it closes."),
                ResultsAccess.AdminsOnly => Hidden("The results of this poll are shown to the operators only."),
                ResultsAccess.PollNotFound => Problems.NotFound("There is no poll with this id."),
                _ => throw new UnreachableException(),
            };
        }

        var token = MemberTokens.FromHeaderOrQuery(request)
            ?? (PollRules.IsValidPollId(pollId) && await sessions.AuthenticateAsync(request, MemberAction.Vote, pollId, cancellationToken) is MemberSession.Open { Token: var session }
                ? session
                : null);
        return await polls.ResultsAsync(pollId, token, admin: false, cancellationToken) switch
        {
            ResultsAccess.Shown { Results: var results } => ResultsPage.Show(results),
            ResultsAccess.Unauthorized => HtmlPages.Page(StatusCodes.Status401Unauthorized, "ballot-link-expired"),
            ResultsAccess.VoteFirst => await HiddenPageAsync(pollId, "vote-first", cancellationToken),
            ResultsAccess.AfterClose => await HiddenPageAsync(pollId, "after-close", cancellationToken),
            ResultsAccess.AdminsOnly => await HiddenPageAsync(pollId, "admins", cancellationToken),
            ResultsAccess.PollNotFound => BallotPage.NotFound(),
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> HiddenPageAsync(string pollId, string reason, CancellationToken cancellationToken) =>
        await polls.GetAsync(pollId, cancellationToken) is { } poll ? ResultsPage.Hidden(poll, reason) : BallotPage.NotFound();

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Hidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The results are not visible yet.", detail: detail);
}
