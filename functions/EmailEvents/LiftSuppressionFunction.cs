using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.EmailEvents;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.EmailEvents;

/// <summary>
/// DELETE /api/manage/members/{memberId}/suppression (function key): lifts the newsletter suppression that SendGrid's
/// events put on a member (bounce, drop, spam report, soft bounce limit) and records the lift. Idempotent: a member who is
/// not suppressed is answered the same, with <c>lifted</c> false. An unsubscribed member stays unsubscribed.
/// </summary>
public sealed class LiftSuppressionFunction(MemberSuppression suppression)
{
    [Function(nameof(LiftSuppression))]
    public async Task<IResult> LiftSuppression(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "manage/members/{memberId}/suppression")] HttpRequest request,
        string memberId,
        CancellationToken cancellationToken)
    {
        if (!MemberStore.IsValidMemberId(memberId))
        {
            return Problems.Validation("memberId", "A member id is 32 lowercase hexadecimal characters.");
        }

        return await suppression.LiftAsync(memberId, cancellationToken) switch
        {
            SuppressionLiftResult.Lifted { Reason: var reason, SoftBounces: var softBounces } =>
                TypedResults.Ok(new SuppressionLiftResponse(memberId, true, reason, softBounces)),
            SuppressionLiftResult.NotSuppressed => TypedResults.Ok(new SuppressionLiftResponse(memberId, false, null, 0)),
            SuppressionLiftResult.NotFound => Problems.NotFound("There is no such member."),
            SuppressionLiftResult.Conflict => Problems.Conflict("The member kept changing while the suppression was lifted; try again."),
            _ => throw new UnreachableException(),
        };
    }
}

/// <summary>
/// What lifting did: <c>lifted</c> false when there was nothing to lift; <c>reason</c> the suppression lifted (null
/// when only soft bounces were counting); <c>softBounces</c> the tally that was reset.
/// </summary>
public sealed record SuppressionLiftResponse(string MemberId, bool Lifted, string? Reason, int SoftBounces);
