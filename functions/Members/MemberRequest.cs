using CoP.Functions.Http;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Members;

/// <summary>Authenticates the member behind a request's token (Bearer header or <c>token</c> query) for one action.</summary>
public static class MemberRequest
{
    /// <summary>
    /// The member, or why the token is refused (answered with <see cref="MemberTokens.Refused"/>: 401 for a missing,
    /// expired or revoked token, 403 for one whose purpose does not allow the action). The answer is never cached.
    /// </summary>
    public static Task<MemberAuthentication> AuthenticateAsync(
        HttpRequest request, MemberAccountService accounts, MemberAction action, CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return accounts.AuthenticateAsync(MemberTokens.FromHeaderOrQuery(request), action, cancellationToken: cancellationToken);
    }
}
