using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Polls;
using CoP.Shared.Validation;
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
        return await JsonRequestBody.ReadAsync<PollDefinition>(request, JsonRequestBody.DefaultMaxBytes, cancellationToken) switch
        {
            RequestBody<PollDefinition>.Read { Value: var definition } => await CreateAsync(definition, cancellationToken),
            RequestBody<PollDefinition>.Refused { Problem: var problem } => problem,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> CreateAsync(PollDefinition definition, CancellationToken cancellationToken) =>
        await polls.CreateAsync(definition, cancellationToken) switch
        {
            Validated<Poll>.Valid { Value: var poll } => TypedResults.Created($"/api/polls/{poll.PollId}", PollResponse.From(poll, time.GetUtcNow())),
            Validated<Poll>.Invalid { Errors: var errors } => Problems.Validation(errors),
            _ => throw new UnreachableException(),
        };
}
