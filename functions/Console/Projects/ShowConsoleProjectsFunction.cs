using CoP.Shared.Projects;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Projects;

/// <summary>
/// GET /api/console/projects: the review queue (submissions waiting for review, then approved projects their owners changed
/// since, longest waiting first), the projects that lost their contact, and every project in a table, newest first, each
/// linking to its console page. <c>?done=approved|rejected&amp;project=</c> names what was just done.
/// </summary>
public sealed class ShowConsoleProjectsFunction(ConsoleGate gate, ProjectStore projects, TimeProvider time)
{
    [Function(nameof(ShowConsoleProjects))]
    public async Task<IResult> ShowConsoleProjects(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/projects")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return ConsoleGate.SignInRequired(request);
        }

        var all = await projects.ListAllAsync(cancellationToken);
        var done = Done(request, all);
        var now = time.GetUtcNow();
        return ConsoleGate.Page(StatusCodes.Status200OK, "console-projects", session, language => ProjectsQueuePage.Model(all, done, now, language));
    }

    // The outcome ?done= names, when the project it names is in the state that outcome leaves (a query cannot make the page say anything else).
    private static ProjectsQueuePage.Outcome? Done(HttpRequest request, IReadOnlyList<Project> all) =>
        request.Query["done"].ToString() is var kind && ProjectsQueuePage.Outcomes.TryGetValue(kind, out var holds)
        && all.FirstOrDefault(p => p.ProjectId == request.Query["project"].ToString()) is { } project && holds(project)
            ? new ProjectsQueuePage.Outcome(kind, project)
            : null;
}
