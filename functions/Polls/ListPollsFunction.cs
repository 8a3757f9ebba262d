using CoP.Functions.Http;
using CoP.Shared.Polls;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Polls;

/// <summary>
/// GET /api/polls: open polls, then recently closed ones. Browsers (Accept ranks text/html first) get the page
/// listing them, each linking to its poll page, and the closed ones to their results where anyone may see them.
/// </summary>
public sealed class ListPollsFunction(PollService polls, TimeProvider time)
{
    [Function(nameof(ListPolls))]
    public async Task<IResult> ListPolls(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "polls")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var list = await polls.ListOpenAndRecentAsync(cancellationToken);
        if (!HtmlPages.PrefersHtml(request))
        {
            return TypedResults.Ok(new PollListResponse(list.Select(p => PollResponse.From(p, now)).ToList()));
        }

        return HtmlPages.Page(StatusCodes.Status200OK, "polls", language => new
        {
            Open = list.Where(p => p.StateAt(now) == PollState.Open).Select(p => Item(p, language, closed: false)).ToArray(),
            Closed = list.Where(p => p.StateAt(now) == PollState.Closed).Select(p => Item(p, language, closed: true)).ToArray(),
        });
    }

    // Results links only where no vote is needed to see them.
    private static PollItem Item(Poll poll, string language, bool closed) => new(
        poll.PollId,
        poll.Question,
        poll.Kind switch { PollKind.SingleChoice => "single", PollKind.MultipleChoice => "multiple", _ => "ranked" },
        BallotPage.When(poll.EffectiveClosesAt, language),
        BallotPage.ResultsVisible(poll, closed, voted: false));

    private sealed record PollItem(string PollId, string Question, string Kind, string ClosesOn, bool ResultsVisible);
}
