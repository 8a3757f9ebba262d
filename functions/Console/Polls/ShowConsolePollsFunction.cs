using CoP.Shared.Polls;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Polls;

/// <summary>
/// GET /api/console/polls: the open polls, the scheduled ones and those closed recently (<c>Polls__RecentlyClosedDays</c>),
/// each with its state, its times, the ballots cast so far, and links to its console page and its member page; and the
/// way to a new poll.
/// </summary>
public sealed class ShowConsolePollsFunction(ConsoleGate gate, PollService polls, PollResultsCache counts, TimeProvider time)
{
    [Function(nameof(ShowConsolePolls))]
    public async Task<IResult> ShowConsolePolls(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/polls")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return ConsoleGate.SignInRequired(request);
        }

        var now = time.GetUtcNow();
        var list = await polls.ListScheduledOpenAndRecentAsync(cancellationToken);
        var ballots = await Task.WhenAll(list.Select(poll => counts.GetAsync(poll, cancellationToken)));
        return ConsoleGate.Page(StatusCodes.Status200OK, "console-polls", session, language => new
        {
            Polls = list.Select((poll, i) => new
            {
                poll.PollId,
                poll.Question,
                Kind = PollNames.Of(poll.Kind),
                State = PollNames.Of(poll.StateAt(now)),
                OpensAt = ConsoleFormat.Time(poll.OpensAt, language),
                ClosesAt = ConsoleFormat.Time(poll.EffectiveClosesAt, language),
                ClosedEarly = poll.ClosedEarlyAt is { } early && early < poll.ClosesAt,
                ballots[i].Ballots,
            }).ToArray(),
        });
    }
}
