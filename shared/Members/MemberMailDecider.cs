using CoP.Shared.Hosting;
using CoP.Shared.Privacy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Members;

/// <summary>
/// Decides the queued membership requests when <c>DeliverEmail</c> delivers them: a registration becomes a pending
/// member and its confirmation, the confirmation again, an "already a member" mail, or nothing; a request for a
/// personal link becomes an account link, the confirmation again, or nothing. The first registration of an address
/// claims it in the email index, so exactly one member exists per address whatever runs concurrently. Emails are
/// limited per address on the member row under its ETag (<see cref="EmailAllowance"/>). A decision is recorded with
/// the id of the mail that made it, so a retried delivery of that mail decides the same, instead of being throttled by
/// its own first attempt.
/// </summary>
public sealed partial class MemberMailDecider(
    MemberStore store,
    MemberEmailIndex emails,
    ConsentLedger ledger,
    Pseudonymizer pseudonymizer,
    CommunityMetrics metrics,
    IOptions<MembershipOptions> membership,
    IOptions<PrivacyOptions> privacy,
    TimeProvider time,
    ILogger<MemberMailDecider> logger)
{
    private const int MaxAttempts = 6;

    /// <summary>
    /// Records a queued registration and says which mail, if any, goes out for it. The new member's id is the mail's
    /// (<paramref name="mailId"/>): a retried delivery of the mail, a concurrent one, or one whose claim of the address
    /// lost its answer finds the claim and member it made as its own, and finishes the registration instead of taking
    /// them for someone else's.
    /// </summary>
    public async Task<RegistrationDecision> RegisterAsync(
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
            var claimed = await emails.TryClaimAsync(emailKey, memberId, now, cancellationToken);
            var claim = claimed ? null : await emails.FindAsync(emailKey, cancellationToken);
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
                    return Logged(memberId, new RegistrationDecision.Created(created));
                }

                continue; // Erased between the claim and the member's read: claim afresh.
            }

            var member = await store.GetAsync(claim.MemberId, cancellationToken);
            if (member is null)
            {
                if (now - claim.ClaimedAt > MemberEmailIndex.OrphanedClaimAge)
                {
                    // Released; or it changed or went meanwhile (an erase finishing, a purge): look again either way.
                    await emails.TryReleaseAsync(claim, cancellationToken);
                    continue;
                }

                // Another registration is still writing its member; its own mail goes out.
                return Logged(claim.MemberId, new RegistrationDecision.Throttled());
            }

            var kind = member.MemberStatus == MemberStatus.Confirmed ? MemberMailKind.AlreadyMember : MemberMailKind.Confirmation;
            switch (await UseAllowanceAsync(member, kind, mailId, cancellationToken))
            {
                case Allowance.Refused:
                    return Logged(member.MemberId, new RegistrationDecision.Throttled());
                case Allowance.Granted { Mail: var decided }:
                    return Logged(member.MemberId, kind == MemberMailKind.AlreadyMember ? new RegistrationDecision.AlreadyMemberNotified(decided) : new RegistrationDecision.ConfirmationResent(decided));
            }
        }

        // Contention on one address beyond reason: behave as throttled rather than send anything twice.
        return new RegistrationDecision.Throttled();
    }

    /// <summary>Decides a queued request for a personal link: an account link to a member, the confirmation again to a pending registration, or nothing.</summary>
    public async Task<MemberMail?> DecideAccessLinkAsync(QueuedAccessLinkRequest request, string mailId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var emailKey = pseudonymizer.EmailKey(MemberRules.EmailComparisonForm(request.Email));
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var claim = await emails.FindAsync(emailKey, cancellationToken);
            var member = claim is null ? null : await store.GetAsync(claim.MemberId, cancellationToken);
            if (member is null)
            {
                return null;
            }

            var kind = member.MemberStatus == MemberStatus.Confirmed ? MemberMailKind.AccessLink : MemberMailKind.Confirmation;
            switch (await UseAllowanceAsync(member, kind, mailId, cancellationToken))
            {
                case Allowance.Granted { Mail: var decided }:
                    return decided;
                case Allowance.Refused:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// Decides the confirmation mail of a member an import left pending (a confirmation campaign): the same confirmation
    /// a registration gets, within the address's allowance, and nothing once the member has confirmed or is gone.
    /// </summary>
    public async Task<MemberMail?> DecideImportedConfirmationAsync(string memberId, string mailId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var member = await store.GetAsync(memberId, cancellationToken);
            if (member is not { MemberStatus: MemberStatus.Pending })
            {
                return null;
            }

            switch (await UseAllowanceAsync(member, MemberMailKind.Confirmation, mailId, cancellationToken))
            {
                case Allowance.Granted { Mail: var decided }:
                    return decided;
                case Allowance.Refused:
                    return null;
            }
        }

        return null;
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
        await ledger.AppendAsync(memberId, [ConsentEvent.Registration], privacy.Value.PolicyVersion, registration.IpHash, registration.Channel, requestedAt, once: "registration", cancellationToken);
        return new MemberMail(member, MemberMailKind.Confirmation);
    }

    /// <summary>
    /// The mail of <paramref name="kind"/> when the allowance permits it, recorded on the row first with the mail's
    /// id, so that concurrent requests see it and a retried delivery of this mail decides the same.
    /// <see cref="Allowance.Changed"/> when the row changed meanwhile: read it again. A pending member's details are not
    /// changed by a repeated registration: anyone can type any address, and the person confirms what they first sent.
    /// </summary>
    private async Task<Allowance> UseAllowanceAsync(MemberEntity member, MemberMailKind kind, string mailId, CancellationToken cancellationToken)
    {
        if (member.LastMailId == mailId)
        {
            // This mail's own earlier delivery used the allowance: decide the same again.
            return new Allowance.Granted(new MemberMail(member, kind));
        }

        var accessLink = kind != MemberMailKind.Confirmation;
        var now = time.GetUtcNow();
        if (!EmailAllowance.Allows(member, accessLink, now, membership.Value))
        {
            return new Allowance.Refused();
        }

        EmailAllowance.Use(member, accessLink, now);
        member.LastMailId = mailId;
        return await store.TryReplaceAsync(member, cancellationToken) ? new Allowance.Granted(new MemberMail(member, kind)) : new Allowance.Changed();
    }

    private RegistrationDecision Logged(string memberId, RegistrationDecision decision)
    {
        LogRegistration(logger, memberId, decision.GetType().Name);
        return decision;
    }

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Registration for member {MemberId}: {Outcome}")]
    private static partial void LogRegistration(ILogger logger, string memberId, string outcome);

    /// <summary>Whether the member's allowance let a mail go: granted (with the mail), refused, or the row changed meanwhile.</summary>
    private abstract record Allowance
    {
        private Allowance()
        {
        }

        public sealed record Granted(MemberMail Mail) : Allowance;

        public sealed record Refused : Allowance;

        public sealed record Changed : Allowance;
    }
}
