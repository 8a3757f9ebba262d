using System.Diagnostics;
using System.Text.Json.Nodes;
using CoP.Functions.Http;
using CoP.Shared.Projects;
using CoP.Shared.Projects.Submission;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Projects.Submission;

/// <summary>
/// How the member routes of projects answer: the project as its owner sees it, with its version in <c>ETag</c> (for the
/// next <c>If-Match</c>), or the problem that refused the change. The owner's view is the definition's JSON (the
/// boundary as its box and area; its GeoJSON is what they sent) with the project's id, page, review and times.
/// </summary>
public static class ProjectAnswers
{
    public static IResult From(HttpRequest request, ProjectSubmission submission) => submission switch
    {
        ProjectSubmission.Submitted { Project: var stored } => Created(request, stored),
        ProjectSubmission.Invalid { Errors: var errors } => Problems.Validation(errors),
        ProjectSubmission.TooManyPending { Limit: var limit } =>
            Problems.Conflict($"You have {limit} projects waiting for review already; a new one can be submitted once they are decided."),
        _ => throw new UnreachableException(),
    };

    public static IResult From(HttpRequest request, ProjectChange change) => change switch
    {
        ProjectChange.Changed { Project: var stored } => Ok(request, stored),
        ProjectChange.NotFound => Problems.NotFound("There is no project with this id."),
        ProjectChange.NotOwner => TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden, title: "This is not your project.", detail: "Only the project's contact changes it."),
        ProjectChange.VersionMismatch => Problems.PreconditionFailed("The project changed since it was read: read it again (its ETag) and send the change again."),
        ProjectChange.Invalid { Errors: var errors } => Problems.Validation(errors),
        _ => throw new UnreachableException(),
    };

    /// <summary>The owner's view of <paramref name="project"/>.</summary>
    public static JsonObject OwnerView(Project project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var json = new JsonObject
        {
            ["projectId"] = project.ProjectId,
            ["url"] = $"/api/projects/{project.ProjectId}",
            ["review"] = ProjectNames.Of(project.Review),
        };
        if (project.ReviewNote is { } note)
        {
            json["reviewNote"] = note;
        }

        json["editedSinceReview"] = project.EditedSinceReview;
        foreach (var (name, value) in ProjectDefinitionJson.Write(ProjectDefinition.Of(project, null)).ToList())
        {
            json[name] = value?.DeepClone();
        }

        if (project.Boundary is { } boundary)
        {
            json["boundaryBox"] = new JsonObject
            {
                ["west"] = boundary.West,
                ["south"] = boundary.South,
                ["east"] = boundary.East,
                ["north"] = boundary.North,
                ["areaHectares"] = boundary.AreaHectares,
            };
        }

        json["lastConfirmedAt"] = project.LastConfirmedAt;
        json["createdAt"] = project.CreatedAt;
        json["updatedAt"] = project.UpdatedAt;
        return json;
    }

    public static IResult Created(HttpRequest request, StoredProject stored)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(stored);
        request.HttpContext.Response.Headers.ETag = stored.Version;
        return TypedResults.Created($"/api/projects/{stored.Project.ProjectId}", OwnerView(stored.Project));
    }

    public static IResult Ok(HttpRequest request, StoredProject stored)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(stored);
        request.HttpContext.Response.Headers.ETag = stored.Version;
        return TypedResults.Ok(OwnerView(stored.Project));
    }
}
