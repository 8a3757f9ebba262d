using CoP.Functions.Http;
using CoP.Shared.Polls;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Polls;

/// <summary>GET /api/polls/{pollId}: one poll, whatever its state.</summary>
public sealed class GetPollFunction(PollService polls, TimeProvider time)
{
    [Function(nameof(GetPoll))]
    public async Task<IResult> GetPoll(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "polls/{pollId}")] HttpRequest request,
        string pollId,
        CancellationToken cancellationToken)
    {
        var poll = await polls.GetAsync(pollId, cancellationToken);
        return poll is null ? Problems.NotFound("There is no poll with this id.") : TypedResults.Ok(PollResponse.From(poll, time.GetUtcNow()));
    }
}
