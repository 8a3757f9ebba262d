using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.EmailEvents;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Members;

/// <summary>
/// POST /api/console/members/{memberId}/lift-suppression: lifts the newsletter suppression that SendGrid's events put on
/// a member, as DELETE /api/manage/members/{memberId}/suppression does (an unsubscribe stays); audited as
/// <c>member.lift-suppression</c> with the reason lifted; 303 back to the member's page with <c>?lifted=1</c> (<c>0</c>:
/// there was nothing to lift). An unknown member is a 404 page; a member who kept changing, a 409 problem.
/// </summary>
public sealed class LiftConsoleSuppressionFunction(ConsoleGate gate, MemberSuppression suppression)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(LiftConsoleSuppression))]
    public async Task<IResult> LiftConsoleSuppression(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/members/{memberId}/lift-suppression")] HttpRequest request,
        string memberId,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session } => await LiftAsync(session, memberId, cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> LiftAsync(ConsoleSession.Open session, string memberId, CancellationToken cancellationToken)
    {
        if (!MemberStore.IsValidMemberId(memberId))
        {
            return ShowConsoleMemberFunction.Missing(session);
        }

        switch (await suppression.LiftAsync(memberId, cancellationToken))
        {
            case SuppressionLiftResult.Lifted { Reason: var reason, SoftBounces: var softBounces }:
                await gate.RecordAsync(session, "member.lift-suppression", memberId, $"lifted {reason ?? MemberSuppression.SoftBouncesOnly}, {softBounces} soft bounces", cancellationToken);
                return HtmlPages.SeeOther($"{ConsoleGate.Home}/members/{memberId}?lifted=1");
            case SuppressionLiftResult.NotSuppressed:
                await gate.RecordAsync(session, "member.lift-suppression", memberId, "not suppressed", cancellationToken);
                return HtmlPages.SeeOther($"{ConsoleGate.Home}/members/{memberId}?lifted=0");
            case SuppressionLiftResult.NotFound:
                return ShowConsoleMemberFunction.Missing(session);
            case SuppressionLiftResult.Conflict:
                return Problems.Conflict("The member kept changing while the suppression was lifted; try again.");
            default:
                throw new UnreachableException();
        }
    }
}
