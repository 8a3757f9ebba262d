using CoP.Shared.Email.Queue;
using CoP.Shared.Hosting;
using CoP.Shared.Limits;
using CoP.Shared.Privacy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Members;

public enum RegistrationOutcome
{
    /// <summary>A new pending member; the confirmation goes out.</summary>
    Created,
    /// <summary>Still pending; the confirmation goes out again.</summary>
    ConfirmationResent,
    /// <summary>Already a member; a mail with their profile link goes out instead.</summary>
    AlreadyMemberNotified,
    /// <summary>Nothing goes out: the resend interval or the hourly cap holds, or the first registration is still being written.</summary>
    Throttled,
}

public enum ConfirmationOutcome
{
    /// <summary>The link is good and the registration waits for the person to confirm it (nothing changed).</summary>
    Pending,
    Confirmed,
    AlreadyConfirmed,
    Expired,
    Invalid,
}

/// <summary>Which membership mail a queued request turned into.</summary>
public enum MemberMailKind
{
    Confirmation,
    AlreadyMember,
    AccessLink,
}

/// <summary>A membership mail to send to a member: decided when its queued request is delivered.</summary>
public sealed record MemberMail(MemberEntity Member, MemberMailKind Kind);

/// <summary>A registration as it waits in the mail queue: the details, and the consent record's origin (the IP already hashed).</summary>
public sealed record QueuedRegistration(RegistrationDetails Details, string IpHash, string Channel);

/// <summary>A request for a personal link as it waits in the mail queue.</summary>
public sealed record QueuedAccessLinkRequest(string Email);

/// <summary>
/// Registration with double opt-in. A request only validates and queues (<see cref="RequestRegistrationAsync"/>,
/// <see cref="RequestAccessLinkAsync"/>), so it answers the same, in the same time, whatever the address's state; the
/// queued request is decided when <c>DeliverEmail</c> delivers it (<see cref="RegisterAsync"/>,
/// <see cref="DecideAccessLinkAsync"/>). The first registration of an address claims it in the email index, so exactly
/// one member exists per address whatever runs concurrently. Emails are limited per address on the member row under
/// its ETag: once per resend interval per kind, and the hourly cap over any rolling hour. A decision is recorded with
/// the id of the mail that made it, so a retried delivery of that mail decides the same, instead of being throttled
/// by its own first attempt.
/// </summary>
public sealed partial class RegistrationService(
    MemberStore store,
    QueuedMail mail,
    RequestLimiter limiter,
    MemberTokenService tokens,
    Pseudonymizer pseudonymizer,
    CommunityMetrics metrics,
    IOptions<MembershipOptions> membership,
    IOptions<PrivacyOptions> privacy,
    TimeProvider time,
    ILogger<RegistrationService> logger)
{
    public const string RegistrationMailKind = "registration";
    public const string AccessLinkMailKind = "access-link";

    private const int MaxAttempts = 6;

    /// <summary>A claim older than this without its member is a registration that crashed half-way.</summary>
    private static readonly TimeSpan OrphanedClaimAge = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Queues a registration, unless the client (<paramref name="clientKey"/>) or the service as a whole has made too many
    /// mail-sending requests this hour: the decision depends on neither the address nor its state. The mail is decided
    /// and sent by <c>DeliverEmail</c>.
    /// </summary>
    public async Task<LimitDecision> RequestRegistrationAsync(RegistrationDetails details, RequestOrigin origin, string clientKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(origin);
        var decision = await limiter.TryAcquireAsync(clientKey, cancellationToken);
        if (decision.IsAllowed)
        {
            await mail.EnqueueAsync(RegistrationMailKind, new QueuedRegistration(details, pseudonymizer.IpHash(origin.ClientIp), origin.Channel), cancellationToken);
        }

        return decision;
    }

    /// <summary>Queues a request for a personal link, under the same limits; unknown addresses are found out only when it is delivered.</summary>
    public async Task<LimitDecision> RequestAccessLinkAsync(string email, string clientKey, CancellationToken cancellationToken = default)
    {
        var decision = await limiter.TryAcquireAsync(clientKey, cancellationToken);
        if (decision.IsAllowed)
        {
            await mail.EnqueueAsync(AccessLinkMailKind, new QueuedAccessLinkRequest(email), cancellationToken);
        }

        return decision;
    }

    /// <summary>
    /// Records a queued registration and says which mail, if any, goes out for it. The new member's id is the mail's
    /// (<paramref name="mailId"/>): a retried delivery of the mail, a concurrent one, or one whose claim of the address
    /// lost its answer finds the claim and member it made as its own, and finishes the registration instead of taking
    /// them for someone else's.
    /// </summary>
    public async Task<(RegistrationOutcome Outcome, MemberMail? Mail)> RegisterAsync(
        QueuedRegistration registration, DateTimeOffset requestedAt, string mailId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (!MemberStore.IsValidMemberId(mailId))
        {
            throw new ArgumentException("A registration's mail id becomes its member id: 32 lowercase hex digits.", nameof(mailId));
        }

        var emailKey = pseudonymizer.EmailKey(MemberRules.EmailComparisonForm(registration.Details.Email));
        var memberId = mailId;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var claimed = await store.TryClaimEmailAsync(emailKey, memberId, now, cancellationToken);
            var claim = claimed ? null : await store.FindEmailAsync(emailKey, cancellationToken);
            if (!claimed && claim is null)
            {
                continue; // Erased in between: claim it afresh.
            }

            if (claim is null || claim.MemberId == memberId)
            {
                // Ours: claimed now, or by an earlier attempt of this mail that did not get to finish.
                if (await CreatePendingMemberAsync(memberId, emailKey, registration, requestedAt, mailId, now, cancellationToken) is { } created)
                {
                    metrics.Registrations.Add(1);
                    return Logged(memberId, RegistrationOutcome.Created, created);
                }

                continue; // Erased between the claim and the member's read: claim afresh.
            }

            var member = await store.GetAsync(claim.MemberId, cancellationToken);
            if (member is null)
            {
                if (now - claim.ClaimedAt > OrphanedClaimAge)
                {
                    // Released; or it changed or went meanwhile (an erase finishing, a purge): look again either way.
                    await store.TryReleaseEmailAsync(claim, cancellationToken);
                    continue;
                }

                // Another registration is still writing its member; its own mail goes out.
                return Logged(claim.MemberId, RegistrationOutcome.Throttled, null);
            }

            var kind = member.MemberStatus == MemberStatus.Confirmed ? MemberMailKind.AlreadyMember : MemberMailKind.Confirmation;
            var (allowance, decided) = await UseAllowanceAsync(member, kind, mailId, cancellationToken);
            switch (allowance)
            {
                case Allowance.Refused:
                    return Logged(member.MemberId, RegistrationOutcome.Throttled, null);
                case Allowance.Granted:
                    return Logged(member.MemberId, kind == MemberMailKind.AlreadyMember ? RegistrationOutcome.AlreadyMemberNotified : RegistrationOutcome.ConfirmationResent, decided);
            }
        }

        // Contention on one address beyond reason: behave as throttled rather than send anything twice.
        return (RegistrationOutcome.Throttled, null);
    }

    /// <summary>Decides a queued request for a personal link: an account link to a member, the confirmation again to a pending registration, or nothing.</summary>
    public async Task<MemberMail?> DecideAccessLinkAsync(QueuedAccessLinkRequest request, string mailId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var emailKey = pseudonymizer.EmailKey(MemberRules.EmailComparisonForm(request.Email));
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var claim = await store.FindEmailAsync(emailKey, cancellationToken);
            var member = claim is null ? null : await store.GetAsync(claim.MemberId, cancellationToken);
            if (member is null)
            {
                return null;
            }

            var kind = member.MemberStatus == MemberStatus.Confirmed ? MemberMailKind.AccessLink : MemberMailKind.Confirmation;
            var (allowance, decided) = await UseAllowanceAsync(member, kind, mailId, cancellationToken);
            if (allowance != Allowance.Changed)
            {
                return decided;
            }
        }

        return null;
    }

    /// <summary>What a confirmation link would do, without doing it: link scanners open links too.</summary>
    public async Task<ConfirmationOutcome> CheckConfirmationAsync(string? token, CancellationToken cancellationToken = default)
    {
        var (outcome, member) = await ReadConfirmationAsync(token, cancellationToken);
        return member is null ? outcome : member.MemberStatus == MemberStatus.Confirmed ? ConfirmationOutcome.AlreadyConfirmed : ConfirmationOutcome.Pending;
    }

    public async Task<(ConfirmationOutcome Outcome, MemberEntity? Member)> ConfirmAsync(string? token, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (outcome, member) = await ReadConfirmationAsync(token, cancellationToken);
            if (member is null)
            {
                return (outcome, null);
            }

            var now = time.GetUtcNow();
            if (member.MemberStatus == MemberStatus.Confirmed)
            {
                await RecordConfirmationIfMissingAsync(member, origin, now, cancellationToken);
                return (ConfirmationOutcome.AlreadyConfirmed, member);
            }

            member.Status = nameof(MemberStatus.Confirmed);
            member.ConfirmedAt = now;
            if (!await store.TryReplaceAsync(member, cancellationToken))
            {
                continue;
            }

            await AppendConfirmationAsync(member, origin, now, cancellationToken);
            LogConfirmed(logger, member.MemberId);
            metrics.Confirmations.Add(1);
            return (ConfirmationOutcome.Confirmed, member);
        }

        return (ConfirmationOutcome.Invalid, null);
    }

    /// <summary>The member a confirmation token names, if the token is valid and of the member's current link generation.</summary>
    private async Task<(ConfirmationOutcome Outcome, MemberEntity? Member)> ReadConfirmationAsync(string? token, CancellationToken cancellationToken)
    {
        var verification = tokens.Verify(token);
        if (verification.Status == TokenStatus.Expired)
        {
            return (ConfirmationOutcome.Expired, null);
        }

        if (!verification.IsValid || !TokenGrants.Allows(verification.Token!, MemberAction.Confirm))
        {
            return (ConfirmationOutcome.Invalid, null);
        }

        // Erased, or links revoked, since the link was sent: it no longer grants anything.
        var member = await store.GetAsync(verification.Token!.MemberId, cancellationToken);
        return member is null || member.LinkGeneration != verification.Token.Generation ? (ConfirmationOutcome.Invalid, null) : (ConfirmationOutcome.Pending, member);
    }

    /// <summary>
    /// The pending member of a claimed address, with its consent record; written again by a retried delivery of the
    /// same mail, each write finding what an earlier attempt left. Null when the member was erased in between.
    /// </summary>
    private async Task<MemberMail?> CreatePendingMemberAsync(
        string memberId, string emailKey, QueuedRegistration registration, DateTimeOffset requestedAt, string mailId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var pending = new MemberEntity
        {
            PartitionKey = memberId,
            EmailKey = emailKey,
            Email = registration.Details.Email,
            Status = nameof(MemberStatus.Pending),
            CreatedAt = requestedAt,
            LastMailId = mailId,
        };
        pending.Apply(registration.Details);
        EmailAllowance.Use(pending, accessLink: false, now);

        // The member first: a consent record is never left without its member (a registration that never finishes
        // leaves a pending member, which the purge of expired registrations removes with its index entry).
        var member = await store.TryAddAsync(pending, cancellationToken) ? pending : await store.GetAsync(memberId, cancellationToken);
        if (member is null)
        {
            return null;
        }

        // Under a fixed key: recorded once, whichever attempt gets here.
        await store.AppendConsentAsync(memberId, [ConsentEvent.Registration], privacy.Value.PolicyVersion, registration.IpHash, registration.Channel, requestedAt, once: "registration", cancellationToken);
        return new MemberMail(member, MemberMailKind.Confirmation);
    }

    /// <summary>
    /// The mail of <paramref name="kind"/> when the allowance permits it, recorded on the row first with the mail's
    /// id, so that concurrent requests see it and a retried delivery of this mail decides the same.
    /// <see cref="Allowance.Changed"/> when the row changed meanwhile: read it again. A pending member's details are not
    /// changed by a repeated registration: anyone can type any address, and the person confirms what they first sent.
    /// </summary>
    private async Task<(Allowance Allowance, MemberMail? Mail)> UseAllowanceAsync(MemberEntity member, MemberMailKind kind, string mailId, CancellationToken cancellationToken)
    {
        if (member.LastMailId == mailId)
        {
            // This mail's own earlier delivery used the allowance: decide the same again.
            return (Allowance.Granted, new MemberMail(member, kind));
        }

        var accessLink = kind != MemberMailKind.Confirmation;
        var now = time.GetUtcNow();
        if (!EmailAllowance.Allows(member, accessLink, now, membership.Value))
        {
            return (Allowance.Refused, null);
        }

        EmailAllowance.Use(member, accessLink, now);
        member.LastMailId = mailId;
        return await store.TryReplaceAsync(member, cancellationToken) ? (Allowance.Granted, new MemberMail(member, kind)) : (Allowance.Changed, null);
    }

    /// <summary>A confirmation whose ledger write was lost (crash after the status change) is recorded on the next click.</summary>
    private async Task RecordConfirmationIfMissingAsync(MemberEntity member, RequestOrigin origin, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ledger = await store.ConsentHistoryAsync(member.MemberId, cancellationToken);
        if (!ledger.Any(e => e.Event == ConsentEvents.Name(ConsentEvent.Confirmation)))
        {
            await AppendConfirmationAsync(member, origin, now, cancellationToken);
        }
    }

    /// <summary>
    /// The confirmation's consent records, at the confirmation time saved on the row and under a fixed key, so that
    /// confirmations racing each other (a double click, a retry) record it once.
    /// </summary>
    private async Task AppendConfirmationAsync(MemberEntity member, RequestOrigin origin, DateTimeOffset now, CancellationToken cancellationToken) =>
        await store.AppendConsentAsync(
            member.MemberId,
            member.Newsletter ? [ConsentEvent.Confirmation, ConsentEvent.NewsletterOptIn] : [ConsentEvent.Confirmation],
            privacy.Value.PolicyVersion,
            pseudonymizer.IpHash(origin.ClientIp),
            origin.Channel,
            member.ConfirmedAt ?? now,
            once: "confirmation",
            cancellationToken);

    private (RegistrationOutcome, MemberMail?) Logged(string memberId, RegistrationOutcome outcome, MemberMail? decided)
    {
        LogRegistration(logger, memberId, outcome);
        return (outcome, decided);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registration for member {MemberId}: {Outcome}")]
    private static partial void LogRegistration(ILogger logger, string memberId, RegistrationOutcome outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} confirmed their registration")]
    private static partial void LogConfirmed(ILogger logger, string memberId);

    private enum Allowance
    {
        Granted,
        Refused,
        Changed,
    }
}
