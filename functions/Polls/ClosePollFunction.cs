using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Polls;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Polls;

/// <summary>POST /api/manage/polls/{pollId}/close (function key): closes a poll before its closing time. Idempotent.</summary>
public sealed class ClosePollFunction(PollService polls, TimeProvider time)
{
    [Function(nameof(ClosePoll))]
    public async Task<IResult> ClosePoll(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "manage/polls/{pollId}/close")] HttpRequest request,
        string pollId,
        CancellationToken cancellationToken) =>
        await polls.CloseAsync(pollId, cancellationToken) switch
        {
            PollCloseResult.Closed { Poll: var poll } => TypedResults.Ok(PollResponse.From(poll, time.GetUtcNow())),
            PollCloseResult.AlreadyClosed { Poll: var poll } => TypedResults.Ok(PollResponse.From(poll, time.GetUtcNow())),
            PollCloseResult.Conflict => Problems.Conflict("The poll was being changed at the same time; send the request again."),
            PollCloseResult.NotFound => Problems.NotFound("There is no poll with this id."),
            _ => throw new UnreachableException(),
        };
}
