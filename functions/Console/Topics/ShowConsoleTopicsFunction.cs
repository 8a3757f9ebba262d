using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Topics;

/// <summary>
/// GET /api/console/topics: every topic (offered and retired), a form to add one or rename one (by its slug), and a
/// button to retire each offered topic. <c>?saved=</c> and <c>?retired=</c> name the topic just changed.
/// </summary>
public sealed class ShowConsoleTopicsFunction(ConsoleGate gate, TopicStore topics)
{
    [Function(nameof(ShowConsoleTopics))]
    public async Task<IResult> ShowConsoleTopics(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/topics")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return ConsoleGate.SignInRequired(request);
        }

        var all = await topics.ListAllAsync(cancellationToken);
        return ConsoleGate.Page(StatusCodes.Status200OK, "console-topics", session, _ => TopicsPage.Model(all, TopicsPage.Form.Empty, Done(request, all)));
    }

    // The topic named by ?saved= or ?retired=, when it is one (a query cannot make the page say anything else).
    private static TopicsPage.Outcome? Done(HttpRequest request, IReadOnlyList<Topic> all)
    {
        foreach (var kind in new[] { "saved", "retired" })
        {
            if (all.FirstOrDefault(topic => topic.Slug == request.Query[kind]) is { } topic)
            {
                return new TopicsPage.Outcome(kind, topic.Name);
            }
        }

        return null;
    }
}
