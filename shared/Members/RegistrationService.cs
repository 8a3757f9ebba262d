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
    /// <summary>Nothing sent: the resend interval or the hourly cap holds.</summary>
    Throttled,
    /// <summary>The email could not be handed to the provider; the caller may try again later.</summary>
    EmailFailed,
}

public enum ConfirmationOutcome
{
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
/// Registration with double opt-in. Every path answers the caller the same way whatever the address's
/// state (no enumeration); the outcome is for logs and tests. At most one email per address per resend
/// interval and never more than the hourly cap, enforced on the member row under ETags.
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

    public async Task<RegistrationOutcome> RegisterAsync(RegistrationDetails details, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        var emailKey = pseudonymizer.EmailKey(MemberRules.EmailComparisonForm(details.Email));
        var memberId = MemberStore.NewMemberId();
        var claimed = await store.TryClaimEmailAsync(emailKey, memberId, cancellationToken);
        if (!claimed)
        {
            memberId = await store.FindMemberIdAsync(emailKey, cancellationToken) ?? memberId;
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            // A freshly claimed address has no member yet: no need to look.
            var member = claimed && attempt == 0 ? null : await store.GetAsync(memberId, cancellationToken);
            if (member is null)
            {
                // A claimed address without its member: this registration's own insert comes next, or an
                // earlier one crashed half-way (or is still writing) and this one completes it.
                var pending = NewPendingMember(memberId, emailKey, details, now);
                if (!await AddWithConsentAsync(pending, firstWrite: claimed && attempt == 0, origin, now, cancellationToken))
                {
                    continue;
                }

                var created = await SendOrRollBackAsync(pending, confirmed: false, RegistrationOutcome.Created, m => mailer.SendConfirmationAsync(m, cancellationToken), cancellationToken);
                LogRegistration(logger, memberId, created);
                return created;
            }

            var outcome = member.MemberStatus == MemberStatus.Confirmed
                ? await NotifyExistingMemberAsync(member, now, cancellationToken)
                : await ResendConfirmationAsync(member, details, origin, now, cancellationToken);
            if (outcome is { } done)
            {
                LogRegistration(logger, member.MemberId, done);
                return done;
            }
        }

        // Contention on one address beyond reason: behave as throttled rather than send anything twice.
        return RegistrationOutcome.Throttled;
    }

    public async Task<(ConfirmationOutcome Outcome, MemberEntity? Member)> ConfirmAsync(string? token, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        var verification = tokens.Verify(token, TokenPurpose.Confirm);
        if (verification.Status == TokenStatus.Expired)
        {
            return (ConfirmationOutcome.Expired, null);
        }

        if (!verification.IsValid)
        {
            return (ConfirmationOutcome.Invalid, null);
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var member = await store.GetAsync(verification.MemberId!, cancellationToken);
            if (member is null)
            {
                // Erased since the link was sent: the link no longer grants anything.
                return (ConfirmationOutcome.Invalid, null);
            }

            if (member.MemberStatus == MemberStatus.Confirmed)
            {
                return (ConfirmationOutcome.AlreadyConfirmed, member);
            }

            var now = time.GetUtcNow();
            member.Status = nameof(MemberStatus.Confirmed);
            member.ConfirmedAt = now;
            if (!await store.TryReplaceAsync(member, cancellationToken))
            {
                continue;
            }

            await AppendConsentAsync(
                member.MemberId,
                member.Newsletter ? [ConsentEvent.Confirmation, ConsentEvent.NewsletterOptIn] : [ConsentEvent.Confirmation],
                origin,
                now,
                cancellationToken);

            LogConfirmed(logger, member.MemberId);
            return (ConfirmationOutcome.Confirmed, member);
        }

        return (ConfirmationOutcome.Invalid, null);
    }

    /// <summary>Emails a fresh personal link to a confirmed member, or the confirmation again to a pending one.</summary>
    public async Task<AccessLinkOutcome> RequestAccessLinkAsync(string email, CancellationToken cancellationToken = default)
    {
        var emailKey = pseudonymizer.EmailKey(MemberRules.EmailComparisonForm(email));
        var memberId = await store.FindMemberIdAsync(emailKey, cancellationToken);
        for (var attempt = 0; memberId is not null && attempt < MaxAttempts; attempt++)
        {
            var member = await store.GetAsync(memberId, cancellationToken);
            if (member is null)
            {
                break;
            }

            var now = time.GetUtcNow();
            var confirmed = member.MemberStatus == MemberStatus.Confirmed;
            var last = confirmed ? member.LastAccessLinkSentAt : member.LastConfirmationSentAt;
            if (!MayEmail(member, last, now))
            {
                return AccessLinkOutcome.NotSent;
            }

            UseEmailAllowance(member, now, confirmed);
            if (!await store.TryReplaceAsync(member, cancellationToken))
            {
                continue;
            }

            var sent = await SendOrRollBackAsync(
                member,
                confirmed,
                RegistrationOutcome.AlreadyMemberNotified,
                m => confirmed ? mailer.SendAccessLinkAsync(m, cancellationToken) : mailer.SendConfirmationAsync(m, cancellationToken),
                cancellationToken);
            return sent == RegistrationOutcome.EmailFailed ? AccessLinkOutcome.EmailFailed
                : confirmed ? AccessLinkOutcome.Sent : AccessLinkOutcome.ConfirmationResent;
        }

        return AccessLinkOutcome.NotSent;
    }

    private async Task<RegistrationOutcome?> ResendConfirmationAsync(
        MemberEntity member, RegistrationDetails details, RequestOrigin origin, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!MayEmail(member, member.LastConfirmationSentAt, now))
        {
            return RegistrationOutcome.Throttled;
        }

        // Still unconfirmed, so the latest submission's details replace the earlier ones.
        member.Apply(details);
        UseEmailAllowance(member, now, confirmed: false);
        if (!await store.TryReplaceAsync(member, cancellationToken))
        {
            return null;
        }

        await AppendConsentAsync(member.MemberId, [ConsentEvent.Registration], origin, now, cancellationToken);
        return await SendOrRollBackAsync(member, confirmed: false, RegistrationOutcome.ConfirmationResent, m => mailer.SendConfirmationAsync(m, cancellationToken), cancellationToken);
    }

    private async Task<RegistrationOutcome?> NotifyExistingMemberAsync(MemberEntity member, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A confirmed member's profile is never changed by a registration form: anyone can type any address.
        if (!MayEmail(member, member.LastAccessLinkSentAt, now))
        {
            return RegistrationOutcome.Throttled;
        }

        UseEmailAllowance(member, now, confirmed: true);
        if (!await store.TryReplaceAsync(member, cancellationToken))
        {
            return null;
        }

        return await SendOrRollBackAsync(member, confirmed: true, RegistrationOutcome.AlreadyMemberNotified, m => mailer.SendAlreadyMemberAsync(m, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Inserts the pending member and records the registration consent. For the request that just claimed
    /// the address both writes go out together (it alone inserts this member id, and the consent was given
    /// either way); a request completing someone else's registration records consent only if its insert won.
    /// </summary>
    private async Task<bool> AddWithConsentAsync(MemberEntity pending, bool firstWrite, RequestOrigin origin, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (firstWrite)
        {
            var added = store.TryAddAsync(pending, cancellationToken);
            var consent = AppendConsentAsync(pending.MemberId, [ConsentEvent.Registration], origin, now, cancellationToken);
            await Task.WhenAll(added, consent);
            return await added;
        }

        if (!await store.TryAddAsync(pending, cancellationToken))
        {
            return false;
        }

        await AppendConsentAsync(pending.MemberId, [ConsentEvent.Registration], origin, now, cancellationToken);
        return true;
    }

    private bool MayEmail(MemberEntity member, DateTimeOffset? lastSent, DateTimeOffset now)
    {
        var options = membership.Value;
        if (lastSent is { } last && now - last < options.ConfirmationResendInterval)
        {
            return false;
        }

        var windowOpen = member.EmailWindowStart is { } start && now - start < TimeSpan.FromHours(1);
        return !windowOpen || member.EmailWindowCount < options.MaxEmailsPerAddressPerHour;
    }

    private static void UseEmailAllowance(MemberEntity member, DateTimeOffset now, bool confirmed)
    {
        if (member.EmailWindowStart is not { } start || now - start >= TimeSpan.FromHours(1))
        {
            member.EmailWindowStart = now;
            member.EmailWindowCount = 0;
        }

        member.EmailWindowCount++;
        if (confirmed)
        {
            member.LastAccessLinkSentAt = now;
        }
        else
        {
            member.LastConfirmationSentAt = now;
        }
    }

    /// <summary>
    /// Sends after the allowance was recorded. When the provider refuses for good, the allowance is given
    /// back (best effort) so that the person can try again at once instead of after the resend interval.
    /// </summary>
    private async Task<RegistrationOutcome> SendOrRollBackAsync(
        MemberEntity member, bool confirmed, RegistrationOutcome success, Func<MemberEntity, Task> send, CancellationToken cancellationToken)
    {
        try
        {
            await send(member);
            return success;
        }
        catch (EmailDeliveryException exception)
        {
            LogEmailFailed(logger, exception, member.MemberId, (int?)exception.StatusCode);
            if (confirmed)
            {
                member.LastAccessLinkSentAt = null;
            }
            else
            {
                member.LastConfirmationSentAt = null;
            }

            member.EmailWindowCount = Math.Max(0, member.EmailWindowCount - 1);
            await store.TryReplaceAsync(member, cancellationToken);
            return RegistrationOutcome.EmailFailed;
        }
    }

    private static MemberEntity NewPendingMember(string memberId, string emailKey, RegistrationDetails details, DateTimeOffset now)
    {
        var member = new MemberEntity
        {
            PartitionKey = memberId,
            EmailKey = emailKey,
            Email = details.Email,
            Status = nameof(MemberStatus.Pending),
            CreatedAt = now,
        };
        member.Apply(details);
        UseEmailAllowance(member, now, confirmed: false);
        return member;
    }

    private Task AppendConsentAsync(string memberId, IReadOnlyList<ConsentEvent> consentEvents, RequestOrigin origin, DateTimeOffset now, CancellationToken cancellationToken) =>
        store.AppendConsentAsync(memberId, consentEvents, privacy.Value.PolicyVersion, pseudonymizer.IpHash(origin.ClientIp), origin.Channel, now, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registration for member {MemberId}: {Outcome}")]
    private static partial void LogRegistration(ILogger logger, string memberId, RegistrationOutcome outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} confirmed their registration")]
    private static partial void LogConfirmed(ILogger logger, string memberId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email to member {MemberId} was not accepted by the provider (status {Status})")]
    private static partial void LogEmailFailed(ILogger logger, Exception exception, string memberId, int? status);
}
