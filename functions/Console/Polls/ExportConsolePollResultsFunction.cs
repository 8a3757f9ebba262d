using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Functions.Polls;
using CoP.Shared.Polls;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Polls;

/// <summary>
/// GET /api/console/polls/{pollId}/results.csv: the poll's results as the CSV attachment of GET
/// /api/manage/polls/{pollId}/results?format=csv (counts only, withheld below the minimum ballot count). An unknown poll
/// gets a 404 problem.
/// </summary>
public sealed class ExportConsolePollResultsFunction(ConsoleGate gate, PollService polls)
{
    [Function(nameof(ExportConsolePollResults))]
    public async Task<IResult> ExportConsolePollResults(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/polls/{pollId}/results.csv")] HttpRequest request,
        string pollId,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open)
        {
            return ConsoleGate.SignInRequired(request);
        }

        return await polls.ResultsAsync(pollId, token: null, admin: true, cancellationToken) switch
        {
            ResultsAccess.Shown { Results: var results } => ExportPollResultsFunction.Csv(request, results, cancellationToken),
            ResultsAccess.PollNotFound => Problems.NotFound("There is no poll with this id."),
            _ => throw new UnreachableException(),
        };
    }
}
