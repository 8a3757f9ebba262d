using System.Diagnostics;
using CoP.Shared.Members;
using CoP.Shared.Projects.Submission;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Projects.Submission;

/// <summary>
/// POST /api/projects: a member (personal link as <c>Authorization: Bearer</c>) submits a project as JSON. 201 with the
/// project as its owner sees it and its version in <c>ETag</c>; it waits for the operators' review before it is on the
/// map. 400 names every field that breaks a rule; nothing is stored then.
/// </summary>
public sealed class SubmitProjectFunction(MemberAccountService accounts, ProjectService projects)
{
    private static readonly string[] MediaTypes = ["application/json"];

    [Function(nameof(SubmitProject))]
    public async Task<IResult> SubmitProject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return await ProjectRequest.ReadAsync(accounts, request, MediaTypes, cancellationToken) switch
        {
            ProjectRequest.Read { Member: var member, Json: var json } =>
                ProjectAnswers.From(request, await projects.SubmitAsync(member.MemberId, json, cancellationToken)),
            ProjectRequest.Refused { Problem: var problem } => problem,
            _ => throw new UnreachableException(),
        };
    }
}
