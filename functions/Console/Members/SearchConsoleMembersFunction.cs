using System.Diagnostics;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Members;

/// <summary>
/// POST /api/console/members/search (field <c>email</c>): the members page with the member of exactly that address, or a
/// line saying there is none. A post, not a query, so that the address stays out of links, histories and access logs.
/// </summary>
public sealed class SearchConsoleMembersFunction(ConsoleGate gate, MemberListing listing)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(SearchConsoleMembers))]
    public async Task<IResult> SearchConsoleMembers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/members/search")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session, Fields: var fields } =>
                await new ShowConsoleMembersFunction(gate, listing).PageAsync(request, session, fields["email"].ToString(), cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }
}
