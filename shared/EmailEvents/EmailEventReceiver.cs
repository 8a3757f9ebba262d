using System.Diagnostics;
using CoP.Shared.Members;
using CoP.Shared.Newsletter.Delivery;
using Microsoft.Extensions.Logging;

namespace CoP.Shared.EmailEvents;

/// <summary>
/// What became of a webhook post: events received, applied now, already applied before, ignored, and those that
/// another delivery of the same events is applying right now (the post must then be delivered again).
/// </summary>
public sealed record EmailEventReport(int Received, int Applied, int Duplicates, int Ignored, int InProgress = 0);

/// <summary>
/// Receives SendGrid's Event Webhook: checks the signature, then applies each event to the member it names.
/// <para>
/// SendGrid redelivers a whole post when it gets no 2xx, and its retries can overlap, so every event must take
/// effect once even when deliveries run at once or an earlier one died half-way. A delivery first claims the event:
/// it inserts the event's row in <c>EmailEvents</c> with <see cref="EmailEventEntity.ClaimedUntil"/>, and only the
/// one insert wins. The winner applies the effect (consent records included), then marks the row applied. Another
/// delivery finds the row: applied, it is a duplicate; claimed, it waits a moment for the mark (a duplicate then),
/// and past <see cref="ClaimWait"/> it answers "deliver again". A claim that lapses without the mark (its delivery
/// died) is taken over under the row's ETag, and the effect applied again, which is safe because every effect
/// converges instead of accumulating (<see cref="EmailEventEffects"/>).
/// </para>
/// </summary>
public sealed partial class EmailEventReceiver(
    EmailEventSignature signature,
    EmailEventStore events,
    EmailEventEffects effects,
    MemberStore members,
    NewsletterSettlement settlement,
    TimeProvider time,
    ILogger<EmailEventReceiver> logger)
{
    /// <summary>How long a delivery may take to apply an event it claimed before another delivery takes the event over.</summary>
    public static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(2);

    /// <summary>How long a post waits for events that another delivery is applying before it answers "deliver again".</summary>
    public static readonly TimeSpan ClaimWait = TimeSpan.FromSeconds(5);

    private const int MaxMembersAtOnce = 8;

    /// <summary>True when a verification key is configured, so that SendGrid's events reach the app.</summary>
    public bool IsConfigured => signature.IsConfigured;

    public SignatureCheck CheckSignature(string? timestamp, string? signatureValue, ReadOnlySpan<byte> body)
    {
        var check = signature.Check(timestamp, signatureValue, body);
        if (check == SignatureCheck.NotConfigured)
        {
            LogNotConfigured(logger);
        }
        else if (check != SignatureCheck.Valid)
        {
            LogRefused(logger, check);
        }

        return check;
    }

    /// <summary>
    /// Applies a verified post's events: each member's in the order SendGrid sent them, several members at once (a
    /// post can carry thousands of events, and SendGrid waits for the answer). Storage failures escape, so that
    /// SendGrid delivers the post again.
    /// </summary>
    public async Task<EmailEventReport> ApplyAsync(IReadOnlyList<EmailEvent> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int applied = 0, duplicates = 0, ignored = 0, inProgress = 0;
        var waitUntil = Stopwatch.GetTimestamp() + (long)(ClaimWait.TotalSeconds * Stopwatch.Frequency);
        await Parallel.ForEachAsync(
            batch.GroupBy(e => e.ValidMemberId),
            new ParallelOptions { MaxDegreeOfParallelism = MaxMembersAtOnce, CancellationToken = cancellationToken },
            async (memberEvents, token) =>
            {
                foreach (var emailEvent in memberEvents)
                {
                    switch (await ApplyAsync(emailEvent, waitUntil, token))
                    {
                        case Outcome.Applied:
                            Interlocked.Increment(ref applied);
                            break;
                        case Outcome.Duplicate:
                            Interlocked.Increment(ref duplicates);
                            break;
                        case Outcome.InProgress:
                            Interlocked.Increment(ref inProgress);
                            break;
                        default:
                            Interlocked.Increment(ref ignored);
                            break;
                    }
                }
            });

        // Once per issue and post, duplicates included (a post that failed after its events were marked must still
        // settle when redelivered): the events may have settled the last batch of unknown outcome of an issue that
        // needs attention.
        foreach (var issueId in batch.Where(e => EmailEventEffects.EffectOf(e) == EmailEventEffect.Delivery).Select(e => e.IssueId!).Distinct(StringComparer.Ordinal))
        {
            await settlement.SettleAsync(issueId, cancellationToken);
        }

        LogReceived(logger, batch.Count, applied, duplicates, ignored, inProgress);
        return new EmailEventReport(batch.Count, applied, duplicates, ignored, inProgress);
    }

    private async Task<Outcome> ApplyAsync(EmailEvent emailEvent, long waitUntil, CancellationToken cancellationToken)
    {
        var effect = EmailEventEffects.EffectOf(emailEvent);
        if (effect == EmailEventEffect.None || emailEvent.ValidMemberId is not { } memberId)
        {
            return Outcome.Ignored;
        }

        if (emailEvent.EventId is not { } eventId)
        {
            // Without SendGrid's id a redelivery cannot be told from a new event, so a count could double.
            LogNoEventId(logger, memberId, effect);
            return Outcome.Ignored;
        }

        if (await members.GetAsync(memberId, cancellationToken) is null)
        {
            return Outcome.Ignored;
        }

        var now = time.GetUtcNow();
        var candidate = new EmailEventEntity
        {
            PartitionKey = memberId,
            RowKey = EmailEventStore.RowKeyOf(eventId),
            Event = emailEvent.Event!,
            Effect = effect.ToString(),
            OccurredAt = emailEvent.OccurredAt ?? now,
            ReceivedAt = now,
        };
        EmailEventEntity row;
        switch (await events.ClaimAsync(candidate, ClaimDuration, waitUntil, cancellationToken))
        {
            case EventClaim.Applied:
                return Outcome.Duplicate;
            case EventClaim.HeldElsewhere:
                return Outcome.InProgress;
            case EventClaim.TakenOver { Row: var takenOver }:
                LogTakenOver(logger, memberId, effect);
                row = takenOver;
                break;
            case EventClaim.Claimed { Row: var claimed }:
                row = claimed;
                break;
            default:
                throw new UnreachableException();
        }

        await effects.ApplyAsync(effect, emailEvent, memberId, row.OccurredAt, cancellationToken);
        if (await events.TryMarkAppliedAsync(row, time.GetUtcNow(), cancellationToken))
        {
            return Outcome.Applied;
        }

        // This delivery ran past its claim and another took the event over: both applied the same converging
        // effect, and the row tells whether the other has marked it yet.
        var current = await events.GetAsync(memberId, row.RowKey, cancellationToken);
        return current?.AppliedAt is not null ? Outcome.Duplicate : Outcome.InProgress;
    }

    private enum Outcome
    {
        Ignored,
        Applied,
        Duplicate,
        InProgress,
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "An email event post was refused: the webhook is not configured (set EmailEvents__PublicKey)")]
    private static partial void LogNotConfigured(ILogger logger);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "An email event post was refused: {Check}")]
    private static partial void LogRefused(ILogger logger, SignatureCheck check);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "Email events received: {Received}, applied {Applied}, duplicates {Duplicates}, ignored {Ignored}, being applied by another delivery {InProgress}")]
    private static partial void LogReceived(ILogger logger, int received, int applied, int duplicates, int ignored, int inProgress);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "An email event ({Effect}) for member {MemberId} was claimed by a delivery that never finished; this one applies it")]
    private static partial void LogTakenOver(ILogger logger, string memberId, EmailEventEffect effect);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Warning, Message = "An email event ({Effect}) for member {MemberId} has no sg_event_id and was ignored")]
    private static partial void LogNoEventId(ILogger logger, string memberId, EmailEventEffect effect);
}
