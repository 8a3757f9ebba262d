using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Polls;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Polls;

/// <summary>
/// GET /api/polls/{pollId}: one poll, whatever its state. Scripts get JSON; a browser (Accept ranks text/html
/// first) gets the ballot page, with the ballot form when the link's <c>?token=</c> is a member's valid access token.
/// </summary>
public sealed class GetPollFunction(PollService polls, MemberAccountService accounts, IOptions<MembershipOptions> membership, TimeProvider time)
{
    [Function(nameof(GetPoll))]
    public async Task<IResult> GetPoll(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "polls/{pollId}")] HttpRequest request,
        string pollId,
        CancellationToken cancellationToken)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.Vary = "Accept";
        var personal = request.Query.ContainsKey("token");
        if (personal)
        {
            // A personal link: no cache keeps the answer, whatever its format.
            headers.CacheControl = "no-store";
        }

        var poll = await polls.GetAsync(pollId, cancellationToken);
        var now = time.GetUtcNow();
        if (!HtmlPages.PrefersHtml(request))
        {
            return poll is null ? Problems.NotFound("There is no poll with this id.") : TypedResults.Ok(PollResponse.From(poll, now));
        }

        if (poll is null)
        {
            return BallotPage.NotFound();
        }

        var token = MemberTokens.FromQuery(request);
        var link = personal ? await LinkAsync(poll, now, token, cancellationToken) : BallotLink.None;
        return BallotPage.Show(poll, now, link, token, membership.Value.PublicApiBaseUrl!);
    }

    // The token is checked only when it could open the form, so that links of closed polls cost no member read.
    private async Task<BallotLink> LinkAsync(Poll poll, DateTimeOffset now, string? token, CancellationToken cancellationToken)
    {
        if (poll.StateAt(now) != PollState.Open)
        {
            return BallotLink.None;
        }

        return await accounts.AuthenticateAsync(token, MemberAction.Vote, poll.PollId, cancellationToken) switch
        {
            MemberAuthentication.Authenticated { Member: var member } => poll.Admits(member.ConfirmedAt) ? BallotLink.Valid : BallotLink.NotEligible,
            MemberAuthentication.Refused => BallotLink.Invalid,
            _ => throw new UnreachableException(),
        };
    }
}
