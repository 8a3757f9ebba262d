using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Polls;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Polls;

/// <summary>
/// POST /api/console/polls: creates a poll from the form, through the same <see cref="PollService.CreateAsync"/> as POST
/// /api/manage/polls and its rules; audited as <c>poll.create</c>, then 303 to the poll's console page. A refused form
/// comes back with its values and its errors (400); nothing is stored.
/// </summary>
public sealed class CreateConsolePollFunction(ConsoleGate gate, PollService polls, TopicStore topics)
{
    // Twenty options of 200 characters, a description of 2,000, all percent-encoded, fit with room to spare.
    private const int MaxBodyBytes = 64 * 1024;

    [Function(nameof(CreateConsolePoll))]
    public async Task<IResult> CreateConsolePoll(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/polls")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session, Fields: var fields } => await CreateAsync(session, PollForm.Read(fields), cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> CreateAsync(ConsoleSession.Open session, PollForm form, CancellationToken cancellationToken)
    {
        var created = form.Definition() switch
        {
            Validated<PollDefinition>.Valid { Value: var definition } => await polls.CreateAsync(definition, cancellationToken),
            Validated<PollDefinition>.Invalid { Errors: var errors } => new Validated<Poll>.Invalid(errors),
            _ => throw new UnreachableException(),
        };
        switch (created)
        {
            case Validated<Poll>.Valid { Value: var poll }:
                await gate.RecordAsync(session, "poll.create", poll.PollId, PollNames.Of(poll.Kind), cancellationToken);
                return HtmlPages.SeeOther($"{ConsoleGate.Home}/polls/{poll.PollId}?created=1");
            case Validated<Poll>.Invalid { Errors: var errors }:
                return PollFormPage.Show(session, form, errors, await topics.ListActiveAsync(cancellationToken));
            default:
                throw new UnreachableException();
        }
    }
}
