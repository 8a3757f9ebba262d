using System.Diagnostics;
using System.Text.Json;
using CoP.Functions.Http;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Members;

/// <summary>
/// PATCH /api/members/me: changes the member's own profile (JSON merge patch: fields sent change, null
/// clears an optional one). The email address cannot be changed here.
/// </summary>
public sealed class UpdateMyProfileFunction(MemberAccountService accounts)
{
    private const int MaxBodyBytes = 8 * 1024;

    [Function(nameof(UpdateMyProfile))]
    public async Task<IResult> UpdateMyProfile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "members/me")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        return await MemberRequest.AuthenticateAsync(request, accounts, MemberAction.ChangeProfile, cancellationToken) switch
        {
            MemberAuthentication.Authenticated { Member: var member } => await ReadPatchAsync(request, member, cancellationToken),
            MemberAuthentication.Refused { Status: var status } => MemberTokens.Refused(status),
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> ReadPatchAsync(HttpRequest request, MemberEntity member, CancellationToken cancellationToken) =>
        await JsonRequestBody.ReadAsync<Dictionary<string, JsonElement>>(request, MaxBodyBytes, cancellationToken) switch
        {
            RequestBody<Dictionary<string, JsonElement>>.Read { Value: var patch } => await ChangeAsync(request, member, patch, cancellationToken),
            RequestBody<Dictionary<string, JsonElement>>.Refused { Problem: var problem } => problem,
            _ => throw new UnreachableException(),
        };

    private async Task<IResult> ChangeAsync(HttpRequest request, MemberEntity member, Dictionary<string, JsonElement> patch, CancellationToken cancellationToken) =>
        await accounts.ChangeProfileAsync(member.ToMember(), patch, RequestOrigins.From(request, "api"), cancellationToken) switch
        {
            ProfileChangeResult.Changed { Member: var changed } => TypedResults.Ok(ProfileResponse.From(changed)),
            ProfileChangeResult.Invalid { Errors: var errors } => Problems.Validation(errors.ToDictionary()),
            ProfileChangeResult.Conflict => Problems.Conflict("The profile was being changed at the same time; send the change again."),
            ProfileChangeResult.NotFound => MemberTokens.Unauthorized(),
            _ => throw new UnreachableException(),
        };
}
