using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Topics;

/// <summary>
/// POST /api/console/topics/{slug}/retire: retires a topic (no longer offered; still valid on old records), as DELETE
/// /api/manage/topics/{slug} does; audited as <c>topic.retire</c>. An unknown topic gets a 404 problem.
/// </summary>
public sealed class RetireConsoleTopicFunction(ConsoleGate gate, TopicStore topics)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(RetireConsoleTopic))]
    public async Task<IResult> RetireConsoleTopic(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/topics/{slug}/retire")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session } => await RetireAsync(session, slug, cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> RetireAsync(ConsoleSession.Open session, string slug, CancellationToken cancellationToken)
    {
        if (!TopicRules.IsValidSlug(slug))
        {
            return Problems.Validation("slug", "A slug is 2-64 lowercase letters and digits in words joined by single hyphens.");
        }

        switch (await topics.RetireAsync(slug, cancellationToken))
        {
            case TopicRetirement.NotFound:
                return Problems.NotFound($"There is no topic '{slug}'.");
            case TopicRetirement.Retired or TopicRetirement.AlreadyRetired:
                await gate.RecordAsync(session, "topic.retire", slug, cancellationToken: cancellationToken);
                return HtmlPages.SeeOther($"{ConsoleGate.Home}/topics?retired={Uri.EscapeDataString(slug)}");
            default:
                throw new UnreachableException();
        }
    }
}
