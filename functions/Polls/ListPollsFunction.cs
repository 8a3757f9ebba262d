using CoP.Shared.Polls;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Polls;

/// <summary>GET /api/polls: open polls, then recently closed ones.</summary>
public sealed class ListPollsFunction(PollService polls, TimeProvider time)
{
    [Function(nameof(ListPolls))]
    public async Task<IResult> ListPolls(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "polls")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var list = await polls.ListOpenAndRecentAsync(cancellationToken);
        return TypedResults.Ok(new PollListResponse(list.Select(p => PollResponse.From(p, now)).ToList()));
    }
}
