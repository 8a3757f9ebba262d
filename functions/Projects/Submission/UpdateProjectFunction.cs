using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Projects.Submission;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Projects.Submission;

/// <summary>
/// PATCH /api/projects/{projectId}: the project's contact changes it with a JSON Merge Patch (RFC 7396; fields to set,
/// <c>null</c> to remove one), checked whole again. <c>If-Match</c> must name the version (ETag) it was read at: 428
/// without it, 412 when it changed since. Every success also confirms the record is current, so <c>{}</c> is a
/// confirmation. A changed approved project stays on the map (marked for the operators); a changed rejected one waits
/// for review again.
/// </summary>
public sealed class UpdateProjectFunction(MemberAccountService accounts, ProjectService projects)
{
    private static readonly string[] MediaTypes = ["application/merge-patch+json", "application/json"];

    [Function(nameof(UpdateProject))]
    public async Task<IResult> UpdateProject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "projects/{projectId}")] HttpRequest request,
        string projectId,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        if (request.Headers.IfMatch.ToString().Trim() is not { Length: > 0 } version)
        {
            return Problems.PreconditionRequired("Send If-Match with the ETag of the project as last read.");
        }

        return await ProjectRequest.ReadAsync(accounts, request, MediaTypes, cancellationToken) switch
        {
            ProjectRequest.Read { Member: var member, Json: var patch } =>
                ProjectAnswers.From(request, await projects.UpdateAsync(projectId, member.MemberId, patch, version, cancellationToken)),
            ProjectRequest.Refused { Problem: var problem } => problem,
            _ => throw new UnreachableException(),
        };
    }
}
