using CoP.Functions.Http;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Members;

/// <summary>Authenticates the member behind a request's access token (Bearer header or <c>token</c> query).</summary>
public static class MemberRequest
{
    public static async Task<MemberEntity?> AuthenticateAsync(HttpRequest request, MemberAccountService accounts, CancellationToken cancellationToken)
    {
        var (_, member) = await accounts.AuthenticateAsync(MemberTokens.FromHeaderOrQuery(request), TokenPurpose.Access, cancellationToken);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return member;
    }
}
