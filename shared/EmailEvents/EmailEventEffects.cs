using CoP.Shared.Members;
using CoP.Shared.Newsletter.Delivery;
using CoP.Shared.Newsletter.Issues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.EmailEvents;

/// <summary>What an Event Webhook event does to our records.</summary>
public enum EmailEventEffect
{
    /// <summary>Acknowledged only (open, click, deferred, an event without a member, ...).</summary>
    None,

    /// <summary><c>processed</c> or <c>delivered</c> of a newsletter copy: settles its delivery ledger rows.</summary>
    Delivery,

    /// <summary>Hard <c>bounce</c>, <c>dropped</c>, <c>spamreport</c>: the newsletter stops going to the member at once.</summary>
    Suppress,

    /// <summary><c>bounce</c> of type <c>blocked</c>: counted; the newsletter stops at <see cref="EmailEventOptions.SoftBounceLimit"/>.</summary>
    SoftBounce,

    /// <summary><c>unsubscribe</c>, <c>group_unsubscribe</c>: the member is unsubscribed from the newsletter.</summary>
    Unsubscribe,

    /// <summary>Not a SendGrid event: an operator lifted the member's suppression (the row records it).</summary>
    SuppressionLifted,
}

/// <summary>
/// What each Event Webhook event does to the member it names, once <see cref="EmailEventReceiver"/> has claimed it.
/// Every effect converges instead of accumulating, so that applying it again (after a lapsed claim) changes nothing:
/// the ledger merge writes the same values, suppression keeps the first reason, unsubscribing an unsubscribed member
/// changes nothing, and the soft bounce count is set to the number of the member's soft bounce rows rather than
/// incremented, so a bounce is never counted twice.
/// </summary>
public sealed partial class EmailEventEffects(
    EmailEventStore events,
    MemberStore members,
    MemberAccountService accounts,
    DeliveryLedgerStore newsletter,
    IOptions<EmailEventOptions> options,
    ILogger<EmailEventEffects> logger)
{
    /// <summary>The channel of the consent records of unsubscribes that arrive through the webhook.</summary>
    public const string Channel = "sendgrid-webhook";

    private const int MaxAttempts = 6;

    public static EmailEventEffect EffectOf(EmailEvent emailEvent)
    {
        ArgumentNullException.ThrowIfNull(emailEvent);
        return emailEvent.Event switch
        {
            "processed" or "delivered" when NewsletterSchedule.IsValidIssueId(emailEvent.IssueId) && IsValidBatchId(emailEvent.BatchId) => EmailEventEffect.Delivery,

            // "blocked" is SendGrid's soft bounce; "bounce" (or no type, as older events have) a hard one.
            "bounce" when emailEvent.BounceType == "blocked" => EmailEventEffect.SoftBounce,
            "bounce" or "dropped" or "spamreport" => EmailEventEffect.Suppress,
            "unsubscribe" or "group_unsubscribe" => EmailEventEffect.Unsubscribe,
            _ => EmailEventEffect.None,
        };
    }

    /// <summary>A batch id is part of a ledger row key: letters, digits, '-' and '_' only.</summary>
    public static bool IsValidBatchId(string? batchId) =>
        batchId is { Length: > 0 and <= 64 } && batchId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>
    /// Puts the effect of a claimed event in place for <paramref name="memberId"/>; <paramref name="at"/> is when it
    /// happened. Safe to repeat: a lapsed claim's event is applied again by the delivery that takes it over.
    /// </summary>
    public async Task ApplyAsync(EmailEventEffect effect, EmailEvent emailEvent, string memberId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        switch (effect)
        {
            case EmailEventEffect.Delivery:
                if (!await newsletter.RecordDeliveryEventAsync(emailEvent.IssueId!, emailEvent.BatchId!, memberId, emailEvent.Event!, at, cancellationToken))
                {
                    LogUnknownBatch(logger, emailEvent.IssueId!, emailEvent.BatchId!);
                }

                break;
            case EmailEventEffect.Suppress:
                await UpdateMemberAsync(memberId, (member, _) => ValueTask.FromResult(Suppress(member, emailEvent.Event!, at)), cancellationToken);
                break;
            case EmailEventEffect.SoftBounce:
                await UpdateMemberAsync(memberId, CountSoftBouncesAsync, cancellationToken);
                break;
            case EmailEventEffect.Unsubscribe:
                if (await accounts.UnsubscribeAsync(memberId, new RequestOrigin(null, Channel), cancellationToken) is AccountChange.Conflict)
                {
                    throw new InvalidOperationException($"Member {memberId} kept changing while being unsubscribed; the event will be delivered again.");
                }

                break;
            default:
                break;
        }

        async ValueTask<bool> CountSoftBouncesAsync(MemberEntity member, CancellationToken token)
        {
            // Counted after the member is read, so a concurrent bounce's row is either counted here or its own
            // writer reads this write and counts both: the tally never goes backwards.
            var count = await events.CountAsync(memberId, EmailEventEffect.SoftBounce, token);
            var changed = member.SoftBounces != count;
            member.SoftBounces = count;
            if (count >= options.Value.SoftBounceLimit)
            {
                changed |= Suppress(member, "bounce", at);
            }

            LogSoftBounce(logger, memberId, count, options.Value.SoftBounceLimit);
            return changed;
        }
    }

    private bool Suppress(MemberEntity member, string reason, DateTimeOffset at)
    {
        if (member.NewsletterSuppressed is not null)
        {
            // The first reason stands: a later event must not rewrite when or why the newsletter stopped.
            return false;
        }

        member.NewsletterSuppressed = reason;
        member.NewsletterSuppressedAt = at;
        LogSuppressed(logger, member.MemberId, reason);
        return true;
    }

    /// <summary>Read, change, replace under the ETag, again from a fresh read when the row changed meanwhile.</summary>
    private async Task UpdateMemberAsync(string memberId, Func<MemberEntity, CancellationToken, ValueTask<bool>> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var member = await members.GetAsync(memberId, cancellationToken);
            if (member is null || !await change(member, cancellationToken) || await members.TryReplaceAsync(member, cancellationToken))
            {
                return;
            }
        }

        throw new InvalidOperationException($"Member {memberId} kept changing while an email event was applied; the event will be delivered again.");
    }

    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "The newsletter is suppressed for member {MemberId}: {Reason}")]
    private static partial void LogSuppressed(ILogger logger, string memberId, string reason);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Information, Message = "Member {MemberId} has {SoftBounces} soft bounces (limit {Limit})")]
    private static partial void LogSoftBounce(ILogger logger, string memberId, int softBounces, int limit);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Information, Message = "A delivery event names batch {BatchId} of issue {IssueId}, which the ledger does not hold")]
    private static partial void LogUnknownBatch(ILogger logger, string issueId, string batchId);
}
