using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Polls;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Polls;

/// <summary>
/// POST /api/console/polls/{pollId}/close: closes a poll now, through the same <see cref="PollService.CloseAsync"/> as POST
/// /api/manage/polls/{pollId}/close; audited as <c>poll.close</c>, then 303 to the poll's page with <c>?closed=1</c>, or
/// <c>?closed=already</c> when it was closed before (nothing changed). An unknown poll gets a 404 problem.
/// </summary>
public sealed class CloseConsolePollFunction(ConsoleGate gate, PollService polls)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(CloseConsolePoll))]
    public async Task<IResult> CloseConsolePoll(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/polls/{pollId}/close")] HttpRequest request,
        string pollId,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session } => await CloseAsync(session, pollId, cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> CloseAsync(ConsoleSession.Open session, string pollId, CancellationToken cancellationToken)
    {
        switch (await polls.CloseAsync(pollId, cancellationToken))
        {
            case PollCloseResult.Closed { Poll: var poll }:
                await gate.RecordAsync(session, "poll.close", poll.PollId, "closed", cancellationToken);
                return HtmlPages.SeeOther($"{ConsoleGate.Home}/polls/{poll.PollId}?closed=1");
            case PollCloseResult.AlreadyClosed { Poll: var poll }:
                await gate.RecordAsync(session, "poll.close", poll.PollId, "already closed", cancellationToken);
                return HtmlPages.SeeOther($"{ConsoleGate.Home}/polls/{poll.PollId}?closed=already");
            case PollCloseResult.Conflict:
                return Problems.Conflict("The poll was being changed at the same time; send the form again.");
            case PollCloseResult.NotFound:
                return Problems.NotFound("There is no poll with this id.");
            default:
                throw new UnreachableException();
        }
    }
}
