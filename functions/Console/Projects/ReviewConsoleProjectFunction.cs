using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Projects.Review;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Projects;

/// <summary>
/// POST /api/console/projects/{projectId}/review (<c>decision</c> = approve or reject, <c>note</c> for a rejection,
/// <c>version</c> the page was made from): the decision of POST /api/manage/projects/{projectId}/review, through the same
/// rules and service (the owner is mailed it). Audited as <c>project.approve</c> or <c>project.reject</c> (<c>unchanged</c>
/// when the project already stood so); 303 to the projects page. A refused form comes back with its errors (400); a project
/// changed since the page was loaded gets its page again with a notice (409); an unknown id the 404 page.
/// </summary>
public sealed class ReviewConsoleProjectFunction(ConsoleGate gate, ConsoleProjectPages pages, ProjectReviewService reviews)
{
    private const int MaxBodyBytes = 32 * 1024;

    [Function(nameof(ReviewConsoleProject))]
    public async Task<IResult> ReviewConsoleProject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/projects/{projectId}/review")] HttpRequest request,
        string projectId,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session, Fields: var fields } => await ReviewAsync(session, projectId, fields, cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> ReviewAsync(ConsoleSession.Open session, string projectId, IFormCollection fields, CancellationToken cancellationToken)
    {
        if (await pages.ReadAsync(projectId, cancellationToken) is not { } before)
        {
            return ProjectPage.Missing(session);
        }

        var decision = fields["decision"].ToString();
        var note = fields["note"].ToString();
        var id = before.Stored.Project.ProjectId;
        switch (ProjectReviewRules.Parse(decision, note))
        {
            case Validated<ProjectDecision>.Valid { Value: var valid }:
                return await reviews.ReviewAsync(id, valid, Version(fields), cancellationToken) switch
                {
                    ReviewOutcome.Reviewed { Changed: var changed } =>
                        await DoneAsync(session, id, valid, changed ? "" : "unchanged", cancellationToken),
                    ReviewOutcome.NotFound => ProjectPage.Missing(session),
                    ReviewOutcome.VersionMismatch => await pages.ShowAsync(
                        session, id, StatusCodes.Status409Conflict, new ProjectPage.ReviewForm(decision, Bounded(note), new Dictionary<string, string[]>()),
                        ProjectPage.ContactForm.Empty, ProjectPage.Notices.Changed, cancellationToken),
                    _ => throw new UnreachableException(),
                };
            case Validated<ProjectDecision>.Invalid { Errors: var errors }:
                return ProjectPage.Show(
                    StatusCodes.Status400BadRequest, session, before, new ProjectPage.ReviewForm(decision, Bounded(note), errors), ProjectPage.ContactForm.Empty, ProjectPage.Notices.None);
            default:
                throw new UnreachableException();
        }
    }

    /// <summary>The version the page was made from; none (an old form, a script) lets the service retry against whatever is stored.</summary>
    internal static string? Version(IFormCollection fields) => fields["version"].ToString() is { Length: > 0 } version ? version : null;

    private static string Bounded(string note) => ProjectPage.Bounded(note, ProjectReviewRules.MaxNoteLength);

    private async Task<IResult> DoneAsync(ConsoleSession.Open session, string projectId, ProjectDecision decision, string detail, CancellationToken cancellationToken)
    {
        var (action, outcome) = decision switch
        {
            ProjectDecision.Approve => ("project.approve", "approved"),
            ProjectDecision.Reject => ("project.reject", "rejected"),
            _ => throw new UnreachableException(),
        };
        await gate.RecordAsync(session, action, projectId, detail, cancellationToken);
        return HtmlPages.SeeOther($"{ConsoleGate.Home}/projects?done={outcome}&project={projectId}");
    }
}
