using System.Globalization;
using CoP.Shared.Members;
using Microsoft.Extensions.Logging;

namespace CoP.Shared.EmailEvents;

public enum SuppressionLiftOutcome
{
    /// <summary>The member's suppression (and soft bounce tally) was lifted and recorded.</summary>
    Lifted,

    /// <summary>Nothing to lift: not suppressed, no soft bounce counting. Nothing was written.</summary>
    NotSuppressed,

    NotFound,

    /// <summary>The member row kept changing; the operator may try again.</summary>
    Conflict,
}

/// <summary>What lifting did: the outcome, and the reason of the suppression lifted (null when only soft bounces were counting).</summary>
public sealed record SuppressionLift(SuppressionLiftOutcome Outcome, string? Reason = null, int SoftBounces = 0);

/// <summary>
/// An operator's lifting of the newsletter suppression that SendGrid's events put on a member (hard bounce, drop,
/// spam report, or the soft bounce limit): the newsletter goes to the member again, and soft bounces count from zero.
/// The lift is recorded first, as a row of the member's <c>EmailEvents</c> (exported and erased with them), and
/// withdrawn when the member row could not be saved. An unsubscribe is not a suppression: it is the member's own
/// withdrawal of consent, recorded in the consent ledger, and only the member can subscribe again.
/// </summary>
public sealed partial class MemberSuppression(EmailEventStore events, MemberStore members, TimeProvider time, ILogger<MemberSuppression> logger)
{
    /// <summary>The <see cref="EmailEventEntity.Event"/> of a lift record that lifted only a soft bounce tally.</summary>
    public const string SoftBouncesOnly = "soft-bounces";

    private const string LiftRowPrefix = "lift-";
    private const int MaxAttempts = 6;

    public async Task<SuppressionLift> LiftAsync(string memberId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var member = await members.GetAsync(memberId, cancellationToken);
            if (member is null)
            {
                return new SuppressionLift(SuppressionLiftOutcome.NotFound);
            }

            var counting = await events.CountAsync(memberId, EmailEventEffect.SoftBounce, cancellationToken);
            if (member.NewsletterSuppressed is null && member.SoftBounces == 0 && counting == 0)
            {
                return new SuppressionLift(SuppressionLiftOutcome.NotSuppressed);
            }

            var now = time.GetUtcNow();
            var reason = member.NewsletterSuppressed;
            var record = new EmailEventEntity
            {
                PartitionKey = memberId,
                RowKey = LiftRowPrefix + now.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "-" + attempt.ToString(CultureInfo.InvariantCulture),
                Event = reason ?? SoftBouncesOnly,
                Effect = nameof(EmailEventEffect.SuppressionLifted),
                OccurredAt = member.NewsletterSuppressedAt ?? now,
                ReceivedAt = now,
                AppliedAt = now,
            };
            await events.TryAddAsync(record, cancellationToken);
            await events.LiftSoftBouncesAsync(memberId, now, cancellationToken);

            var softBounces = member.SoftBounces;
            member.NewsletterSuppressed = null;
            member.NewsletterSuppressedAt = null;
            member.SoftBounces = 0;
            if (await members.TryReplaceAsync(member, cancellationToken))
            {
                LogLifted(logger, memberId, reason ?? SoftBouncesOnly, softBounces);
                return new SuppressionLift(SuppressionLiftOutcome.Lifted, reason, softBounces);
            }

            // Not saved: the record goes too, and the next attempt decides afresh (a concurrent lift may have done it).
            await events.DeleteAsync(memberId, record.RowKey, cancellationToken);
        }

        return new SuppressionLift(SuppressionLiftOutcome.Conflict);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "An operator lifted the newsletter suppression of member {MemberId} ({Reason}, {SoftBounces} soft bounces)")]
    private static partial void LogLifted(ILogger logger, string memberId, string reason, int softBounces);
}
