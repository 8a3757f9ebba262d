using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Polls;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Polls;

/// <summary>
/// GET /api/manage/polls/{pollId}/results (function key): the results whatever the visibility rule, as JSON,
/// or as CSV with <c>?format=csv</c>. Counts only, never who voted what; below the minimum ballot count the
/// counts are withheld here too. Operators need this keyed route because GetPollResults is anonymous at the host and
/// cannot tell them apart.
/// </summary>
public sealed class ExportPollResultsFunction(PollService polls)
{
    [Function(nameof(ExportPollResults))]
    public async Task<IResult> ExportPollResults(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/polls/{pollId}/results")] HttpRequest request,
        string pollId,
        CancellationToken cancellationToken)
    {
        var format = request.Query["format"];
        if (format.Count > 1 || (format.Count == 1 && format[0] is not ("csv" or "json")))
        {
            return Problems.Validation("format", "The format is csv or json (the default).");
        }

        // An operator sees every poll's results: the only refusal is an unknown poll.
        return await polls.ResultsAsync(pollId, token: null, admin: true, cancellationToken) switch
        {
            ResultsAccess.Shown { Results: var results } => Export(request, format.Count == 1 && format[0] == "csv", results, cancellationToken),
            ResultsAccess.PollNotFound => Problems.NotFound("There is no poll with this id."),
            _ => throw new UnreachableException(),
        };
    }

    private static IResult Export(HttpRequest request, bool csv, PollResults results, CancellationToken cancellationToken)
    {
        if (csv)
        {
            return Csv(request, results, cancellationToken);
        }

        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(PollResultsResponse.From(results));
    }

    /// <summary>The results as a CSV attachment (<see cref="PollCsvExporter"/>), also the console's export.</summary>
    internal static IResult Csv(HttpRequest request, PollResults results, CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Stream(
            stream => PollCsvExporter.WriteAsync(stream, results, cancellationToken),
            contentType: "text/csv; charset=utf-8",
            fileDownloadName: $"poll-{results.Poll.PollId}-results.csv");
    }
}
