using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Http;

/// <summary>
/// Where a member token travels: <c>Authorization: Bearer</c> for scripts, a <c>token</c> query parameter
/// for links, a <c>token</c> field for HTML forms.
/// </summary>
public static class MemberTokens
{
    public static string? FromHeaderOrQuery(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        return FromQuery(request);
    }

    /// <summary>The <c>token</c> query parameter of a link, when given exactly once.</summary>
    public static string? FromQuery(HttpRequest request) =>
        request.Query["token"] is { Count: 1 } values ? values[0] : null;

    /// <summary>401 problem details with the Bearer challenge, for scripts.</summary>
    public static IResult Unauthorized() => new UnauthorizedResult();

    /// <summary>
    /// Why a token was refused: 403 when it is valid but its purpose does not allow the request (a vote link
    /// cannot export), 401 otherwise (missing, expired, revoked, or its member gone).
    /// </summary>
    public static IResult Refused(TokenStatus status) => status == TokenStatus.WrongPurpose
        ? TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "This link does not allow that.",
            detail: "Each personal link is only good for its own job. To export or erase your data, or to revoke your links, request an account link at POST /api/members/access-link.")
        : Unauthorized();

    private sealed class UnauthorizedResult : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "A valid personal link is required.",
                detail: "The member token is missing, expired or no longer valid. Request a new link at POST /api/members/access-link.")
                .ExecuteAsync(httpContext);
        }
    }
}
