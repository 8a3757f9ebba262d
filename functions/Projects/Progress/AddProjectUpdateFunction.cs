using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CoP.Functions.Http;
using CoP.Functions.Members;
using CoP.Shared.Members;
using CoP.Shared.Projects;
using CoP.Shared.Projects.Progress;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Projects.Progress;

/// <summary>
/// POST /api/projects/{projectId}/updates (member token as <c>Authorization: Bearer</c>) with
/// <c>{"date":"2026-05-01","language":"en","text":"…","documentIds":[]}</c>: the project's owner adds a dated progress
/// note to its timeline. 201 with the note; the same note sent again answers 200 with the one added first.
/// </summary>
public sealed class AddProjectUpdateFunction(MemberAccountService accounts, ProjectProgressService progress)
{
    /// <summary>A note's text may be 4,000 characters, each written as a six-byte JSON escape at worst.</summary>
    private const int MaxBodyBytes = 32 * 1024;

    [Function(nameof(AddProjectUpdate))]
    public async Task<IResult> AddProjectUpdate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects/{projectId}/updates")] HttpRequest request,
        string projectId,
        CancellationToken cancellationToken)
    {
        if (!ProjectStore.IsValidProjectId(projectId))
        {
            return Problems.Validation("projectId", "A project id is 32 lowercase hexadecimal characters.");
        }

        return await MemberRequest.AuthenticateAsync(request, accounts, MemberAction.MapProjects, cancellationToken) switch
        {
            MemberAuthentication.Authenticated { Member: var member } => await ReadAsync(request, projectId, member.MemberId, cancellationToken),
            MemberAuthentication.Refused { Status: var status } => MemberTokens.Refused(status),
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>The answer to a note's outcome (also for pages that answer scripts the same way).</summary>
    public static IResult Answer(ProgressOutcome outcome) => outcome switch
    {
        ProgressOutcome.Added { Note: var note } => TypedResults.Created((string?)null, ProjectProgressResponse.From(note)),
        ProgressOutcome.AlreadyAdded { Note: var note } => TypedResults.Ok(ProjectProgressResponse.From(note)),
        ProgressOutcome.NotFound => Problems.NotFound("There is no project with this id."),
        ProgressOutcome.NotOwner => TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Only the project's contact posts its progress.",
            detail: "Progress notes are added by the member who answers for the project."),
        ProgressOutcome.ProjectRejected => Problems.Conflict("The project was not approved: change it as the review note asks, then post its progress."),
        ProgressOutcome.Invalid { Errors: var errors } => Problems.Validation(errors),
        _ => throw new UnreachableException(),
    };

    private async Task<IResult> ReadAsync(HttpRequest request, string projectId, string memberId, CancellationToken cancellationToken)
    {
        switch (await JsonRequestBody.ReadAsync<JsonDocument>(request, MaxBodyBytes, cancellationToken))
        {
            case RequestBody<JsonDocument>.Read { Value: var json }:
                using (json)
                {
                    return ProgressRules.Parse(json.RootElement) switch
                    {
                        Validated<ProgressDefinition>.Valid { Value: var definition } => Answer(await progress.AddAsync(projectId, memberId, definition, cancellationToken)),
                        Validated<ProgressDefinition>.Invalid { Errors: var errors } => Problems.Validation(errors),
                        _ => throw new UnreachableException(),
                    };
                }

            case RequestBody<JsonDocument>.Refused { Problem: var problem }:
                return problem;
            default:
                throw new UnreachableException();
        }
    }
}

/// <summary>A progress note as the API shows it (never who wrote it: the project's contact is not public).</summary>
public sealed record ProjectProgressResponse(string UpdateId, string ProjectId, string Date, string Language, string Text, IReadOnlyList<string> DocumentIds, DateTimeOffset PostedAt)
{
    public static ProjectProgressResponse From(ProjectProgress note)
    {
        ArgumentNullException.ThrowIfNull(note);
        return new(note.UpdateId, note.ProjectId, note.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), note.Language, note.Text, note.DocumentIds, note.PostedAt);
    }
}
