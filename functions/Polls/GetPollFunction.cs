using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Polls;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Polls;

/// <summary>
/// GET /api/polls/{pollId}: one poll, whatever its state. Scripts get JSON; a browser (Accept ranks text/html
/// first) gets the ballot page. A vote link's <c>?token=</c> that may vote here becomes the browser's session
/// (<see cref="MemberSessions.Exchange"/>); the session's page shows the member's recorded ballot and the ballot form.
/// </summary>
public sealed class GetPollFunction(PollService polls, PollStore store, BallotKeys ballotKeys, MemberSessions sessions, TimeProvider time)
{
    [Function(nameof(GetPoll))]
    public async Task<IResult> GetPoll(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "polls/{pollId}")] HttpRequest request,
        string pollId,
        CancellationToken cancellationToken)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.Vary = "Accept";
        var linked = request.Query.ContainsKey("token");
        if (linked)
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

        // Sessions are read only when they could open the form, so that pages of closed polls cost no member read.
        if (poll.StateAt(now) != PollState.Open)
        {
            return sessions.Exchange(request) ?? BallotPage.Show(poll, now, BallotLink.None, null, voted: false, memberLanguage: null);
        }

        var session = await sessions.AuthenticateAsync(request, MemberAction.Vote, poll.PollId, cancellationToken);
        if (linked && session is MemberSession.Open && sessions.Exchange(request) is { } exchange)
        {
            // Only a link that may vote here becomes a session; the page is reloaded without its token.
            return exchange;
        }

        var voted = request.Query.ContainsKey("voted");
        return session switch
        {
            MemberSession.Open { Member: var member } when !poll.Admits(member.ConfirmedAt) =>
                BallotPage.Show(poll, now, BallotLink.NotEligible, null, voted, member.Language),
            MemberSession.Open { Member: var member, FormToken: var formToken } => BallotPage.Show(
                poll, now, BallotLink.Valid,
                new BallotVoter(formToken, await store.GetBallotAsync(poll.PollId, ballotKeys.For(poll, member.MemberId), cancellationToken)),
                voted, member.Language),
            MemberSession.None => BallotPage.Show(
                poll, now, linked || MemberSessions.HasVoteSession(request) ? BallotLink.Invalid : BallotLink.None, null, voted, null),
            _ => throw new UnreachableException(),
        };
    }
}
