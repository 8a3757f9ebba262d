using CoP.Functions.Http;
using CoP.Shared.Polls;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Polls;

/// <summary>
/// POST /api/polls/{pollId}/ballots: a member's ballot, from a script (JSON <c>{"choices":[…]}</c>, Bearer
/// token) or an HTML form (repeated <c>choices</c> fields in order of preference, <c>token</c> field). A later
/// ballot of the same member replaces the earlier one until the poll closes.
/// </summary>
public sealed class CastBallotFunction(PollService polls, IOptions<PollOptions> options)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(CastBallot))]
    public async Task<IResult> CastBallot(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "polls/{pollId}/ballots")] HttpRequest request,
        string pollId,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        var ballot = await BallotBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (ballot.Problem is not null)
        {
            return ballot.Problem;
        }

        var (outcome, error) = await polls.CastAsync(pollId, ballot.Token, ballot.Choices, cancellationToken);
        return outcome switch
        {
            BallotOutcome.Recorded => Recorded(request, pollId, ballot.Choices!),
            BallotOutcome.Unauthorized => FormOrJsonBody.IsBrowserFormPost(request)
                ? HtmlPages.Page(StatusCodes.Status401Unauthorized, "ballot-link-expired")
                : MemberTokens.Unauthorized(),
            BallotOutcome.PollNotFound => Refused(request, StatusCodes.Status404NotFound, "not-found", "There is no such poll.", "There is no poll with this id."),
            BallotOutcome.NotOpenYet => Refused(request, StatusCodes.Status409Conflict, "not-open-yet", "This poll is not open yet.", error!),
            BallotOutcome.Closed => Refused(request, StatusCodes.Status409Conflict, "closed", "This poll is closed.", error!),
            BallotOutcome.NotEligible => Refused(
                request, StatusCodes.Status403Forbidden, "not-eligible", "You are not eligible to vote in this poll.", error! + " Your registration was confirmed later."),
            _ => FormOrJsonBody.IsBrowserFormPost(request)
                ? HtmlPages.Page(StatusCodes.Status400BadRequest, "ballot-refused", new { Reason = "invalid", Detail = error! })
                : Problems.Validation("choices", error!),
        };
    }

    private IResult Recorded(HttpRequest request, string pollId, IReadOnlyList<string?> choices)
    {
        if (FormOrJsonBody.IsBrowserFormPost(request))
        {
            return options.Value.BallotCastPageUrl is { } page
                ? HtmlPages.SeeOther(page)
                : HtmlPages.Page(StatusCodes.Status200OK, "ballot-recorded");
        }

        return TypedResults.Ok(new BallotResponse("recorded", pollId, choices.Select(c => c!).ToList()));
    }

    // The page says it in the browser's language (ballot-refused.*.html.liquid); scripts get the title and detail.
    private static IResult Refused(HttpRequest request, int status, string reason, string title, string detail) =>
        FormOrJsonBody.IsBrowserFormPost(request)
            ? HtmlPages.Page(status, "ballot-refused", new { Reason = reason, Detail = detail })
            : TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
