using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Members;

/// <summary>
/// GET /api/console/members/{memberId}: one member's record (status, dates, language, topics, newsletter, and its
/// suppression with why), the form that lifts a suppression, and the erase form with its confirmation. <c>?lifted=1</c>
/// says a suppression was just lifted (<c>0</c>: there was nothing to lift). An unknown or malformed id is a 404 page.
/// </summary>
public sealed class ShowConsoleMemberFunction(ConsoleGate gate, MemberListing listing)
{
    [Function(nameof(ShowConsoleMember))]
    public async Task<IResult> ShowConsoleMember(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/members/{memberId}")] HttpRequest request,
        string memberId,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return ConsoleGate.SignInRequired(request);
        }

        return await listing.GetAsync(memberId, cancellationToken) is { } record
            ? ConsoleGate.Page(StatusCodes.Status200OK, "console-member", session, language => MembersPage.Member(record, language, request.Query["lifted"]))
            : Missing(session);
    }

    /// <summary>The 404 page of a member who is not (or no longer) there: erased, or an id that never was one.</summary>
    public static IResult Missing(ConsoleSession.Open session) =>
        ConsoleGate.Page(StatusCodes.Status404NotFound, "console-member-missing", session, _ => new Dictionary<string, object?>());
}
