using CoP.Functions.Http;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Members;

/// <summary>Authenticates the member behind a request's token (Bearer header or <c>token</c> query) for one action.</summary>
public static class MemberRequest
{
    /// <summary>The member, or the answer that refuses the request: 401 for a missing, expired or revoked token, 403 for one whose purpose does not allow the action.</summary>
    public static async Task<(MemberEntity? Member, IResult? Refusal)> AuthenticateAsync(
        HttpRequest request, MemberAccountService accounts, MemberAction action, CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        var (status, member) = await accounts.AuthenticateAsync(MemberTokens.FromHeaderOrQuery(request), action, cancellationToken: cancellationToken);
        return member is null ? (null, MemberTokens.Refused(status)) : (member, null);
    }
}
