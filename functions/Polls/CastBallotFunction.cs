using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Polls;
using CoP.Shared.Templates;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Polls;

/// <summary>
/// POST /api/polls/{pollId}/ballots: a member's ballot, from a script (JSON <c>{"choices":[…]}</c>, Bearer
/// token), a form of another site (repeated <c>choices</c> fields in order of preference, <c>token</c> field), or the
/// ballot page's own form (the browser's vote session and its <c>formToken</c>; ranks per option), which is answered
/// with post/redirect/get: 303 to the poll's page, which shows the recorded ballot. A later ballot of the same
/// member replaces the earlier one until the poll closes.
/// </summary>
public sealed class CastBallotFunction(PollService polls, MemberSessions sessions, IOptions<PollOptions> options, TimeProvider time)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(CastBallot))]
    public async Task<IResult> CastBallot(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "polls/{pollId}/ballots")] HttpRequest request,
        string pollId,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return await BallotBody.ReadAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            BallotBody.Read ballot => Answer(request, pollId, await polls.CastAsync(pollId, ballot.Token, ballot.Choices, cancellationToken)),
            BallotBody.FromPage page => await FromPageAsync(request, pollId, page, cancellationToken),
            BallotBody.Refused { Problem: var problem } => problem,
            _ => throw new UnreachableException(),
        };
    }

    // The page's own form: the session votes; a form without the session's formToken changes nothing.
    private async Task<IResult> FromPageAsync(HttpRequest request, string pollId, BallotBody.FromPage page, CancellationToken cancellationToken)
    {
        if (!PollRules.IsValidPollId(pollId))
        {
            return Answer(request, pollId, new BallotResult.PollNotFound());
        }

        switch (await sessions.AuthenticateFormAsync(request, page.Form, MemberAction.Vote, pollId, cancellationToken))
        {
            case MemberSession.Forged:
                return HtmlPages.Page(StatusCodes.Status403Forbidden, "ballot-form-expired", new { PollId = pollId });
            case MemberSession.None:
                return Answer(request, pollId, new BallotResult.Unauthorized());
            case MemberSession.Open { Token: var token, FormToken: var formToken, Member: var member }:
                var result = page.Choices switch
                {
                    Validated<IReadOnlyList<string?>>.Valid { Value: var choices } => await polls.CastAsync(pollId, token, choices, cancellationToken),
                    Validated<IReadOnlyList<string?>>.Invalid { Errors: var errors } => new BallotResult.InvalidChoices(errors),
                    _ => throw new UnreachableException(),
                };
                return result switch
                {
                    BallotResult.Recorded => options.Value.BallotCastPageUrl is { } thanks
                        ? HtmlPages.SeeOther(thanks)
                        : HtmlPages.SeeOther($"{PageLinks.Base}/polls/{pollId}?voted=1"),
                    BallotResult.InvalidChoices { Errors: var errors } when await polls.GetAsync(pollId, cancellationToken) is { } poll =>
                        BallotPage.Refill(poll, time.GetUtcNow(), formToken, page.Form, errors, member.Language),
                    _ => Answer(request, pollId, result),
                };
            default:
                throw new UnreachableException();
        }
    }

    private IResult Answer(HttpRequest request, string pollId, BallotResult result) =>
        result switch
        {
            BallotResult.Recorded { Choices: var choices } => Recorded(request, pollId, choices),
            BallotResult.Unauthorized => FormOrJsonBody.IsBrowserFormPost(request)
                ? HtmlPages.Page(StatusCodes.Status401Unauthorized, "ballot-link-expired")
                : MemberTokens.Unauthorized(),
            BallotResult.PollNotFound => Refused(request, StatusCodes.Status404NotFound, "not-found", "There is no such poll.", "There is no poll with this id."),
            BallotResult.NotOpenYet { OpensAt: var opensAt } => Refused(request, StatusCodes.Status409Conflict, "not-open-yet", "This poll is not open yet.", $"Voting opens at {opensAt:O}."),
            BallotResult.Closed { ClosedAt: var closedAt } => Refused(request, StatusCodes.Status409Conflict, "closed", "This poll is closed.", $"Voting closed at {closedAt:O}."),
            BallotResult.NotEligible { Rule: var rule } => Refused(
                request, StatusCodes.Status403Forbidden, "not-eligible", "You are not eligible to vote in this poll.", rule + " Your registration was confirmed later."),
            BallotResult.InvalidChoices { Errors: var errors } => FormOrJsonBody.IsBrowserFormPost(request)
                ? HtmlPages.Page(StatusCodes.Status400BadRequest, "ballot-refused", new { Reason = "invalid", Detail = string.Join(" ", errors.Values.SelectMany(m => m)) })
                : Problems.Validation(errors),
            _ => throw new UnreachableException(),
        };

    private IResult Recorded(HttpRequest request, string pollId, IReadOnlyList<string> choices)
    {
        if (FormOrJsonBody.IsBrowserFormPost(request))
        {
            return options.Value.BallotCastPageUrl is { } page
                ? HtmlPages.SeeOther(page)
                : HtmlPages.Page(StatusCodes.Status200OK, "ballot-recorded");
        }

        return TypedResults.Ok(new BallotResponse("recorded", pollId, choices));
    }

    // The page says it in the browser's language (ballot-refused.*.html.liquid); scripts get the title and detail.
    private static IResult Refused(HttpRequest request, int status, string reason, string title, string detail) =>
        FormOrJsonBody.IsBrowserFormPost(request)
            ? HtmlPages.Page(status, "ballot-refused", new { Reason = reason, Detail = detail })
            : TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
