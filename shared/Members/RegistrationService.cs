using CoP.Shared.Email;
using CoP.Shared.Privacy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Members;

public enum RegistrationOutcome
{
    /// <summary>A new pending member; the confirmation email was sent.</summary>
    Created,
    /// <summary>Still pending; the confirmation email was sent again.</summary>
    ConfirmationResent,
    /// <summary>Already a member; an email with a fresh personal link was sent instead.</summary>
    AlreadyMemberNotified,
    /// <summary>Nothing sent: the resend interval or the hourly cap holds, or the first registration is still being written.</summary>
    Throttled,
    /// <summary>The provider refused the email; the allowance was given back so that a retry can send it.</summary>
    EmailFailed,
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

public enum AccessLinkOutcome
{
    Sent,
    ConfirmationResent,
    NotSent,
    EmailFailed,
}

/// <summary>
/// Registration with double opt-in. Callers answer every outcome the same way (no enumeration); the
/// outcome is for logs and tests. The first registration of an address claims it in the email index, so
/// exactly one member exists per address whatever runs concurrently. Emails are limited per address on the
/// member row under its ETag: once per resend interval per kind, and the hourly cap over any rolling hour.
/// </summary>
public sealed partial class RegistrationService(
    MemberStore store,
    MemberMailer mailer,
    MemberTokenService tokens,
    Pseudonymizer pseudonymizer,
    IOptions<MembershipOptions> membership,
    IOptions<PrivacyOptions> privacy,
    TimeProvider time,
    ILogger<RegistrationService> logger)
{
    private const int MaxAttempts = 6;

    /// <summary>A claim older than this without its member is a registration that crashed half-way.</summary>
    private static readonly TimeSpan OrphanedClaimAge = TimeSpan.FromMinutes(2);

    public async Task<RegistrationOutcome> RegisterAsync(RegistrationDetails details, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        var emailKey = pseudonymizer.EmailKey(MemberRules.EmailComparisonForm(details.Email));
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var memberId = MemberStore.NewMemberId();
            if (await store.TryClaimEmailAsync(emailKey, memberId, now, cancellationToken))
            {
                return await CreatePendingMemberAsync(memberId, emailKey, details, origin, now, cancellationToken);
            }

            var claim = await store.FindEmailAsync(emailKey, cancellationToken);
            if (claim is null)
            {
                continue; // Erased in between: claim it afresh.
            }

            var member = await store.GetAsync(claim.MemberId, cancellationToken);
            if (member is null)
            {
                if (now - claim.ClaimedAt > OrphanedClaimAge && await store.TryReleaseEmailAsync(claim, cancellationToken))
                {
                    continue;
                }

                // The first registration is still writing its member; it sends the confirmation.
                return Logged(claim.MemberId, RegistrationOutcome.Throttled);
            }

            var outcome = member.MemberStatus == MemberStatus.Confirmed
                ? await SendIfAllowedAsync(member, accessLink: true, RegistrationOutcome.AlreadyMemberNotified, m => mailer.SendAlreadyMemberAsync(m, cancellationToken), cancellationToken)
                : await SendIfAllowedAsync(member, accessLink: false, RegistrationOutcome.ConfirmationResent, m => mailer.SendConfirmationAsync(m, cancellationToken), cancellationToken);
            if (outcome is { } done)
            {
                return Logged(member.MemberId, done);
            }
        }

        // Contention on one address beyond reason: behave as throttled rather than send anything twice.
        return RegistrationOutcome.Throttled;
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

    /// <summary>Emails a fresh personal link to a confirmed member, or the confirmation again to a pending one.</summary>
    public async Task<AccessLinkOutcome> RequestAccessLinkAsync(string email, CancellationToken cancellationToken = default)
    {
        var emailKey = pseudonymizer.EmailKey(MemberRules.EmailComparisonForm(email));
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var claim = await store.FindEmailAsync(emailKey, cancellationToken);
            var member = claim is null ? null : await store.GetAsync(claim.MemberId, cancellationToken);
            if (member is null)
            {
                return AccessLinkOutcome.NotSent;
            }

            var confirmed = member.MemberStatus == MemberStatus.Confirmed;
            var outcome = confirmed
                ? await SendIfAllowedAsync(member, accessLink: true, RegistrationOutcome.AlreadyMemberNotified, m => mailer.SendAccessLinkAsync(m, cancellationToken), cancellationToken)
                : await SendIfAllowedAsync(member, accessLink: false, RegistrationOutcome.ConfirmationResent, m => mailer.SendConfirmationAsync(m, cancellationToken), cancellationToken);
            switch (outcome)
            {
                case null:
                    continue;
                case RegistrationOutcome.Throttled:
                    return AccessLinkOutcome.NotSent;
                case RegistrationOutcome.EmailFailed:
                    return AccessLinkOutcome.EmailFailed;
                default:
                    return confirmed ? AccessLinkOutcome.Sent : AccessLinkOutcome.ConfirmationResent;
            }
        }

        return AccessLinkOutcome.NotSent;
    }

    private async Task<RegistrationOutcome> CreatePendingMemberAsync(
        string memberId, string emailKey, RegistrationDetails details, RequestOrigin origin, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var pending = new MemberEntity
        {
            PartitionKey = memberId,
            EmailKey = emailKey,
            Email = details.Email,
            Status = nameof(MemberStatus.Pending),
            CreatedAt = now,
        };
        pending.Apply(details);
        EmailAllowance.Use(pending, accessLink: false, now);

        // Only this request knows the new member id, so both writes go out together: the insert cannot
        // conflict, and the consent was given either way.
        var added = store.TryAddAsync(pending, cancellationToken);
        var consent = AppendConsentAsync(memberId, [ConsentEvent.Registration], origin, now, cancellationToken);
        await Task.WhenAll(added, consent);
        return Logged(memberId, await SendOrGiveBackAsync(pending, accessLink: false, now, RegistrationOutcome.Created, m => mailer.SendConfirmationAsync(m, cancellationToken), cancellationToken));
    }

    /// <summary>
    /// Sends when the allowance permits, recording the send on the row first (so concurrent requests see it).
    /// Null when the row changed meanwhile: read it again. A pending member's details are not changed by a
    /// repeated registration: anyone can type any address, and the person confirms what they first sent.
    /// </summary>
    private async Task<RegistrationOutcome?> SendIfAllowedAsync(
        MemberEntity member, bool accessLink, RegistrationOutcome success, Func<MemberEntity, Task> send, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!EmailAllowance.Allows(member, accessLink, now, membership.Value))
        {
            return RegistrationOutcome.Throttled;
        }

        EmailAllowance.Use(member, accessLink, now);
        if (!await store.TryReplaceAsync(member, cancellationToken))
        {
            return null;
        }

        return await SendOrGiveBackAsync(member, accessLink, now, success, send, cancellationToken);
    }

    /// <summary>
    /// Sends after the allowance was recorded. When sending fails, the allowance is given back (best effort)
    /// so that the person can try again at once instead of after the resend interval. A refusal by the
    /// provider is an outcome; anything else escapes after the give-back.
    /// </summary>
    private async Task<RegistrationOutcome> SendOrGiveBackAsync(
        MemberEntity member, bool accessLink, DateTimeOffset sentAt, RegistrationOutcome success, Func<MemberEntity, Task> send, CancellationToken cancellationToken)
    {
        try
        {
            await send(member);
            return success;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            EmailAllowance.GiveBack(member, accessLink, sentAt);
            await store.TryReplaceAsync(member, CancellationToken.None);
            if (exception is not EmailDeliveryException delivery)
            {
                throw;
            }

            LogEmailFailed(logger, delivery, member.MemberId, (int?)delivery.StatusCode);
            return RegistrationOutcome.EmailFailed;
        }
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

    private Task AppendConfirmationAsync(MemberEntity member, RequestOrigin origin, DateTimeOffset now, CancellationToken cancellationToken) =>
        AppendConsentAsync(
            member.MemberId,
            member.Newsletter ? [ConsentEvent.Confirmation, ConsentEvent.NewsletterOptIn] : [ConsentEvent.Confirmation],
            origin,
            now,
            cancellationToken);

    private Task AppendConsentAsync(string memberId, IReadOnlyList<ConsentEvent> consentEvents, RequestOrigin origin, DateTimeOffset now, CancellationToken cancellationToken) =>
        store.AppendConsentAsync(memberId, consentEvents, privacy.Value.PolicyVersion, pseudonymizer.IpHash(origin.ClientIp), origin.Channel, now, cancellationToken);

    private RegistrationOutcome Logged(string memberId, RegistrationOutcome outcome)
    {
        LogRegistration(logger, memberId, outcome);
        return outcome;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registration for member {MemberId}: {Outcome}")]
    private static partial void LogRegistration(ILogger logger, string memberId, RegistrationOutcome outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} confirmed their registration")]
    private static partial void LogConfirmed(ILogger logger, string memberId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email to member {MemberId} was not accepted by the provider (status {Status})")]
    private static partial void LogEmailFailed(ILogger logger, Exception exception, string memberId, int? status);
}
