using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Members;

/// <summary>
/// POST /api/console/members/{memberId}/erase (field <c>confirm</c> = <c>erase</c>, the box the operator ticks): erases the
/// member as DELETE /api/manage/members/{memberId} does (every area's records, the erase receipt mailed); audited as
/// <c>member.erase</c> with the member's id only; 303 to the list with <c>?erased=1</c>. Without the confirmation the
/// member's page comes back (400) with the field's error and nothing is erased. A member already erased (or never there)
/// is a 404 page.
/// </summary>
public sealed class EraseConsoleMemberFunction(ConsoleGate gate, MemberListing listing, MemberAccountService accounts)
{
    public const string Confirmation = "erase";

    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(EraseConsoleMember))]
    public async Task<IResult> EraseConsoleMember(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/members/{memberId}/erase")] HttpRequest request,
        string memberId,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session, Fields: var fields } => await EraseAsync(request, session, memberId, fields["confirm"].ToString(), cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> EraseAsync(HttpRequest request, ConsoleSession.Open session, string memberId, string confirm, CancellationToken cancellationToken)
    {
        if (await listing.GetAsync(memberId, cancellationToken) is not { } record)
        {
            return ShowConsoleMemberFunction.Missing(session);
        }

        if (confirm != Confirmation)
        {
            return ConsoleGate.Page(StatusCodes.Status400BadRequest, "console-member", session, language =>
                MembersPage.Member(record, language, eraseError: "confirm"));
        }

        if (!await accounts.EraseAsync(memberId, RequestOrigins.From(request, "operator"), cancellationToken))
        {
            // Erased meanwhile, by a concurrent erase (a second click) that did the erasure and its audit row.
            return ShowConsoleMemberFunction.Missing(session);
        }

        await gate.RecordAsync(session, "member.erase", memberId, cancellationToken: cancellationToken);
        return HtmlPages.SeeOther($"{ConsoleGate.Home}/members?erased=1");
    }
}
