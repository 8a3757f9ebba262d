using CoP.Functions.Http;
using CoP.Shared.Polls;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Polls;

/// <summary>POST /api/manage/polls (function key): creates a poll from its definition.</summary>
public sealed class CreatePollFunction(PollService polls, TimeProvider time)
{
    [Function(nameof(CreatePoll))]
    public async Task<IResult> CreatePoll(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "manage/polls")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await JsonRequestBody.ReadAsync<PollDefinition>(request, JsonRequestBody.DefaultMaxBytes, cancellationToken);
        if (body.Value is not { } definition)
        {
            return body.Problem!;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var poll = await polls.CreateAsync(definition, errors, cancellationToken);
        return poll is null
            ? Problems.Validation(errors)
            : TypedResults.Created($"/api/polls/{poll.PollId}", PollResponse.From(poll, time.GetUtcNow()));
    }
}
