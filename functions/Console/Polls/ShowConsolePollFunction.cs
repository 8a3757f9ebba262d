using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Functions.Polls;
using CoP.Shared.Polls;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Polls;

/// <summary>
/// GET /api/console/polls/{pollId}: a poll's definition and state, its results whatever their visibility rule (fresh
/// counts, the members' chart and tables from <see cref="ResultsPage.Model"/>), the CSV export, the member-side page, and
/// a form to close it now while it is not closed. <c>?created=1</c> and <c>?closed=1</c> (or <c>already</c>) say what was
/// just done. An unknown poll gets a 404 problem.
/// </summary>
public sealed class ShowConsolePollFunction(ConsoleGate gate, PollService polls, TimeProvider time)
{
    [Function(nameof(ShowConsolePoll))]
    public async Task<IResult> ShowConsolePoll(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/polls/{pollId}")] HttpRequest request,
        string pollId,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return ConsoleGate.SignInRequired(request);
        }

        return await polls.ResultsAsync(pollId, token: null, admin: true, cancellationToken) switch
        {
            ResultsAccess.Shown { Results: var results } => Page(request, session, results),
            ResultsAccess.PollNotFound => Problems.NotFound("There is no poll with this id."),
            _ => throw new UnreachableException(),
        };
    }

    private IResult Page(HttpRequest request, ConsoleSession.Open session, PollResults results)
    {
        var poll = results.Poll;
        var state = poll.StateAt(time.GetUtcNow());
        var closed = request.Query["closed"].ToString();
        return ConsoleGate.Page(StatusCodes.Status200OK, "console-poll", session, language => new
        {
            Poll = new
            {
                poll.PollId,
                poll.Question,
                Description = poll.Description ?? "",
                Kind = PollNames.Of(poll.Kind),
                State = PollNames.Of(state),
                poll.MinChoices,
                poll.MaxChoices,
                Options = poll.Options.Select(option => new { option.Id, option.Label, Topic = option.Topic ?? "" }).ToArray(),
                OpensAt = ConsoleFormat.Time(poll.OpensAt, language),
                ClosesAt = ConsoleFormat.Time(poll.ClosesAt, language),
                ClosedEarlyAt = poll.ClosedEarlyAt is { } early && early < poll.ClosesAt ? ConsoleFormat.Time(early, language) : "",
                CreatedAt = ConsoleFormat.Time(poll.CreatedAt, language),
                Visibility = PollNames.Of(poll.Visibility),
                poll.MinBallots,
                EligibleBefore = poll.EligibleConfirmedBefore is { } cutOff ? ConsoleFormat.Time(cutOff, language) : "",
            },
            Results = ResultsPage.Model(results, language),
            CanClose = state != PollState.Closed,
            Created = request.Query["created"] == "1",
            Closed = closed == "1",
            AlreadyClosed = closed == "already",
        });
    }
}
