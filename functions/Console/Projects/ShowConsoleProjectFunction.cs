using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Projects;

/// <summary>
/// GET /api/console/projects/{projectId}: a project in any review state: every field, the exact point and the public one,
/// its boundary's box, the review and its note, its progress notes, its contact's member id (linking to the member's
/// console page), a link to its public page once approved; the review form while it waits (or was changed since its
/// approval), the contact form when it has none. <c>?done=contact</c> says a contact was just assigned. An unknown id gets
/// a 404 page.
/// </summary>
public sealed class ShowConsoleProjectFunction(ConsoleGate gate, ConsoleProjectPages pages)
{
    [Function(nameof(ShowConsoleProject))]
    public async Task<IResult> ShowConsoleProject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/projects/{projectId}")] HttpRequest request,
        string projectId,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return ConsoleGate.SignInRequired(request);
        }

        if (await pages.ReadAsync(projectId, cancellationToken) is not { } content)
        {
            return ProjectPage.Missing(session);
        }

        // The notice only when it holds: a query cannot make the page claim a contact the project does not have.
        var done = request.Query["done"].ToString() == "contact" && !content.Stored.Project.NeedsContact ? "contact" : "";
        return ProjectPage.Show(session, content, done);
    }
}
