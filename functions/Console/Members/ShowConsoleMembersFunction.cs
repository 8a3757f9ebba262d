using System.Buffers.Text;
using System.Diagnostics;
using System.Text;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Members;

/// <summary>
/// GET /api/console/members?status=&amp;cursor=&amp;pageSize=: a page of members, all or by status, with the next page's link,
/// the counts, the CSV export's link and the search form. The search posts its address
/// (<see cref="SearchConsoleMembersFunction"/>), so that no address is ever in a link, a history or an access log.
/// A cursor the storage service does not take starts from the first page. <c>?erased=1</c> says a member was just erased.
/// </summary>
public sealed class ShowConsoleMembersFunction(ConsoleGate gate, MemberListing listing)
{
    [Function(nameof(ShowConsoleMembers))]
    public async Task<IResult> ShowConsoleMembers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/members")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        return await gate.AuthenticateAsync(request, cancellationToken) is ConsoleSession.Open session
            ? await PageAsync(request, session, email: "", cancellationToken)
            : ConsoleGate.SignInRequired(request);
    }

    /// <summary>The members page; with <paramref name="email"/>, the member with exactly that address (found through the hashed index) or a line saying there is none, in the same page either way.</summary>
    internal async Task<IResult> PageAsync(HttpRequest request, ConsoleSession.Open session, string email, CancellationToken cancellationToken)
    {
        var status = MembersPage.Status(request);
        var searched = !string.IsNullOrWhiteSpace(email);
        var found = searched ? await listing.FindByEmailAsync(email, cancellationToken) : null;
        var pageSize = PageSize(request);
        var page = searched ? new MemberListPage.Page([], null) : await PageAsync(new MemberListQuery(status, null, null, pageSize, Cursor(request)), cancellationToken);
        var counts = await listing.CountAsync(cancellationToken);
        var statusName = MembersPage.StatusName(status);
        return ConsoleGate.Page(StatusCodes.Status200OK, "console-members", session, _ => new
        {
            Email = MembersPage.Bounded(email),
            Searched = searched,
            Found = found is null ? [] : new[] { MembersPage.Row(found) },
            Status = statusName,
            Members = page.Records.Select(MembersPage.Row).ToArray(),
            Next = page.ContinuationToken is { } next
                ? $"{ConsoleGate.Home}/members?status={statusName}&pageSize={pageSize}&cursor={Base64Url.EncodeToString(Encoding.UTF8.GetBytes(next))}"
                : "",
            counts.Confirmed,
            counts.Pending,
            counts.Suppressed,
            Export = $"{ConsoleGate.Home}/members/export{(statusName == "" ? "" : $"?status={statusName}")}",
            Erased = request.Query["erased"] == "1",
        });
    }

    // A cursor the storage service refuses (expired, or made up) starts from the first page.
    private async Task<MemberListPage.Page> PageAsync(MemberListQuery query, CancellationToken cancellationToken) =>
        await listing.ListPageAsync(query, cancellationToken) switch
        {
            MemberListPage.Page page => page,
            MemberListPage.BadContinuation => await PageAsync(query with { ContinuationToken = null }, cancellationToken),
            _ => throw new UnreachableException(),
        };

    private static int PageSize(HttpRequest request) =>
        int.TryParse(request.Query["pageSize"], out var size) && size is > 0 and <= MembersPage.MaxPageSize ? size : MembersPage.DefaultPageSize;

    // The storage continuation token, base64url in the link (as the JSON listing passes it); anything else is the first page.
    private static string? Cursor(HttpRequest request)
    {
        var cursor = request.Query["cursor"].ToString();
        return cursor.Length is > 0 and <= 2048 && Base64Url.IsValid(cursor) ? Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)) : null;
    }
}
