using System.Globalization;
using CoP.Shared.Members;
using Microsoft.Extensions.Logging;

namespace CoP.Shared.EmailEvents;

/// <summary>What lifting a member's newsletter suppression did.</summary>
public abstract record SuppressionLiftResult
{
    private SuppressionLiftResult()
    {
    }

    /// <summary>
    /// The member's suppression (and soft bounce tally) was lifted and recorded: the reason of the suppression lifted
    /// (null when only soft bounces were counting) and the tally that was reset.
    /// </summary>
    public sealed record Lifted(string? Reason, int SoftBounces) : SuppressionLiftResult;

    /// <summary>Nothing to lift: not suppressed, no soft bounce counting. Nothing was written.</summary>
    public sealed record NotSuppressed : SuppressionLiftResult;

    public sealed record NotFound : SuppressionLiftResult;

    /// <summary>The member row kept changing; the operator may try again.</summary>
    public sealed record Conflict : SuppressionLiftResult;
}

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

    public async Task<SuppressionLiftResult> LiftAsync(string memberId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var member = await members.GetAsync(memberId, cancellationToken);
            if (member is null)
            {
                return new SuppressionLiftResult.NotFound();
            }

            var counting = await events.CountAsync(memberId, EmailEventEffect.SoftBounce, cancellationToken);
            if (member.NewsletterSuppressed is null && member.SoftBounces == 0 && counting == 0)
            {
                return new SuppressionLiftResult.NotSuppressed();
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
                return new SuppressionLiftResult.Lifted(reason, softBounces);
            }

            // Not saved: the record goes too, and the next attempt decides afresh (a concurrent lift may have done it).
            await events.DeleteAsync(memberId, record.RowKey, cancellationToken);
        }

        return new SuppressionLiftResult.Conflict();
    }

    [LoggerMessage(EventId = 7020, Level = LogLevel.Information, Message = "An operator lifted the newsletter suppression of member {MemberId} ({Reason}, {SoftBounces} soft bounces)")]
    private static partial void LogLifted(ILogger logger, string memberId, string reason, int softBounces);
}
