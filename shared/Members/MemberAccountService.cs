using System.Diagnostics;
using System.Text.Json;
using CoP.Shared.Email.Queue;
using CoP.Shared.Privacy;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Members;

/// <summary>
/// What a member does with their personal links: read and change the profile, export and erase their
/// data, unsubscribe from the newsletter. Also the operators' erase.
/// </summary>
public sealed partial class MemberAccountService(
    MemberStore store,
    MemberEmailIndex emails,
    ConsentLedger ledger,
    TopicStore topics,
    MemberTokenService tokens,
    QueuedMail mail,
    IEnumerable<IMemberDataHolder> holders,
    Pseudonymizer pseudonymizer,
    IOptions<PrivacyOptions> privacy,
    TimeProvider time,
    ILogger<MemberAccountService> logger)
{
    private const int MaxAttempts = 6;

    /// <summary>
    /// The member on whose behalf a token may do <paramref name="action"/> (for <see cref="MemberAction.Vote"/>, in
    /// <paramref name="pollId"/>): a valid token whose purpose allows it, of the member's current link generation,
    /// for a member who still exists and (except to confirm or unsubscribe) has confirmed. Otherwise the status
    /// says why, and there is no member: erased members' links grant nothing.
    /// </summary>
    public async Task<MemberAuthentication> AuthenticateAsync(
        string? token, MemberAction action, string? pollId = null, CancellationToken cancellationToken = default)
    {
        var verification = tokens.Verify(token);
        if (!verification.IsValid)
        {
            return new MemberAuthentication.Refused(verification.Status);
        }

        if (!TokenGrants.Allows(verification.Token!, action, pollId))
        {
            return new MemberAuthentication.Refused(TokenStatus.WrongPurpose);
        }

        var member = await store.GetAsync(verification.Token!.MemberId, cancellationToken);
        if (member is null || (TokenGrants.NeedsConfirmedMember(action) && member.MemberStatus != MemberStatus.Confirmed))
        {
            return new MemberAuthentication.Refused(TokenStatus.NoMember);
        }

        return member.LinkGeneration == verification.Token.Generation
            ? new MemberAuthentication.Authenticated(member)
            : new MemberAuthentication.Refused(TokenStatus.Revoked);
    }

    /// <summary>
    /// Makes every personal link sent so far stop working (a forwarded newsletter, a lost phone): bumps the link
    /// generation.
    /// </summary>
    public async Task<AccountChange> RevokeLinksAsync(string memberId, CancellationToken cancellationToken = default)
    {
        switch (await BumpLinkGenerationAsync(memberId, cancellationToken))
        {
            case Bump.Bumped { Member: var member }:
                LogLinksRevoked(logger, memberId, member.LinkGeneration);
                return new AccountChange.Done();
            case Bump.NotFound:
                return new AccountChange.NotFound();
            default:
                return new AccountChange.Conflict();
        }
    }

    private async Task<Bump> BumpLinkGenerationAsync(string memberId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var member = await store.GetAsync(memberId, cancellationToken);
            if (member is null)
            {
                return new Bump.NotFound();
            }

            member.LinkGeneration++;
            if (await store.TryReplaceAsync(member, cancellationToken))
            {
                return new Bump.Bumped(member);
            }
        }

        return new Bump.Conflict();
    }

    /// <summary>
    /// Checks and applies a change of the member's own profile (a JSON merge patch, see <see cref="ProfileRules"/>). A
    /// member keeps topics that were retired since they chose them; new choices come from the catalog.
    /// </summary>
    public async Task<ProfileChangeResult> ChangeProfileAsync(
        Member member, IReadOnlyDictionary<string, JsonElement> patch, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        var allowed = (await topics.ListActiveAsync(cancellationToken)).Select(t => t.Slug).ToHashSet(StringComparer.Ordinal);
        allowed.UnionWith(member.Topics);
        return ProfileRules.Check(patch, allowed) switch
        {
            Validated<ProfileChanges>.Invalid { Errors: var errors } => new ProfileChangeResult.Invalid(errors),
            Validated<ProfileChanges>.Valid { Value: var changes } => await UpdateProfileAsync(member.MemberId, changes, origin, cancellationToken),
            _ => throw new UnreachableException(),
        };
    }

    private async Task<ProfileChangeResult> UpdateProfileAsync(
        string memberId, ProfileChanges changes, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var member = await store.GetAsync(memberId, cancellationToken);
            if (member is null)
            {
                return new ProfileChangeResult.NotFound();
            }

            var wasSubscribed = member.Newsletter;
            var before = Profile(member);
            Apply(member, changes);
            if (Profile(member) == before)
            {
                // Nothing to change (an unsubscribe that a concurrent one already made, say): done, without a write.
                return new ProfileChangeResult.Changed(member.ToMember());
            }

            IReadOnlyList<string> recorded = [];
            if (member.Newsletter != wasSubscribed)
            {
                // Recorded before the change is saved, so no saved change lacks its consent record.
                recorded = await AppendConsentAsync(member.MemberId, member.Newsletter ? ConsentEvent.NewsletterOptIn : ConsentEvent.NewsletterOptOut, origin, cancellationToken);
            }

            if (await store.TryReplaceAsync(member, cancellationToken))
            {
                return new ProfileChangeResult.Changed(member.ToMember());
            }

            // Not saved: the record goes too, and the next attempt decides afresh (the change may be moot by then).
            await ledger.WithdrawAsync(member.MemberId, recorded, cancellationToken);
        }

        return new ProfileChangeResult.Conflict();
    }

    /// <summary>Stops the newsletter only; transactional email still reaches the member. Idempotent.</summary>
    public async Task<AccountChange> UnsubscribeAsync(string memberId, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        switch (await UpdateProfileAsync(memberId, new ProfileChanges(Newsletter: false), origin, cancellationToken))
        {
            case ProfileChangeResult.Changed:
                LogUnsubscribed(logger, memberId);
                return new AccountChange.Done();
            case ProfileChangeResult.NotFound:
                return new AccountChange.NotFound();
            default:
                return new AccountChange.Conflict();
        }
    }

    /// <summary>Everything stored about the member (GDPR art. 15): the profile, the consent ledger, and every area's records.</summary>
    public async Task<MemberExport?> ExportAsync(string memberId, CancellationToken cancellationToken = default)
    {
        var member = await store.GetAsync(memberId, cancellationToken);
        if (member is null)
        {
            return null;
        }

        var history = await ledger.HistoryAsync(memberId, cancellationToken);
        var records = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var holder in holders)
        {
            records[holder.Section] = await holder.ExportAsync(member, cancellationToken);
        }

        return new MemberExport(
            time.GetUtcNow(),
            member.ToMember(),
            new MemberEmailRecord(
                member.LastConfirmationSentAt, member.LastAccessLinkSentAt, member.RecentEmailTimes(),
                member.NewsletterSuppressed, member.NewsletterSuppressedAt, member.SoftBounces),
            history.Select(e => new ConsentRecord(e.Event, e.At, e.PolicyVersion, e.IpHash, e.Channel, e.Source)).ToList(),
            records);
    }

    /// <summary>
    /// Erases the member's personal data for good (GDPR art. 17) and queues one receipt. Every area's records go first
    /// (each <see cref="IMemberDataHolder"/>), then the member row and its email index; the consent ledger keeps its
    /// events without the IP hashes, and gains the erase, as the record that consent was given and withdrawn. Every
    /// step is idempotent, so a concurrent erase (or the retry of one that crashed) completes it. Nothing is sent to
    /// the address afterwards but the receipt, since nothing links to it any more, unless the address registers again:
    /// a registration sent before the erase and still in the mail queue is one, since nothing may remember an erased
    /// address to tell the two apart (it is double opt-in like any). False when there is no such member.
    /// </summary>
    public async Task<bool> EraseAsync(string memberId, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        // Every link dies before the areas are erased: a vote, an upload or a profile change the member sends while
        // the erasure runs is refused, instead of writing into an area the erasure has already cleared.
        var member = await BumpLinkGenerationAsync(memberId, cancellationToken) switch
        {
            Bump.Bumped { Member: var bumped } => bumped,
            Bump.NotFound => null,
            _ => throw new InvalidOperationException($"Member {memberId} kept changing while being erased; the retried erase completes it."),
        };
        if (member is null)
        {
            return false;
        }

        var now = time.GetUtcNow();
        var first = await ledger.TryRecordEraseAsync(member.MemberId, privacy.Value.PolicyVersion, origin.Channel, now, cancellationToken);
        await EraseHoldersAsync(member, cancellationToken);
        await ledger.ForgetOriginsAsync(member.MemberId, cancellationToken);

        // The member row, then the email index if it still names this member (so a re-registration is never undone).
        await store.DeleteAsync(member.MemberId, cancellationToken);
        await emails.ReleaseIfNamesAsync(member, cancellationToken);

        // A second sweep once the row is gone: what saw the member before then (an email event, a newsletter batch) may
        // have written after its area's first pass; nothing can find the member afterwards.
        await EraseHoldersAsync(member, cancellationToken);
        if (!first)
        {
            return false;
        }

        LogErased(logger, member.MemberId);

        // The receipt goes through the mail queue like any mail; it carries the address, as nothing else does now.
        await mail.EnqueueAsync(EraseReceiptMailPreparer.MailKind, new QueuedEraseReceipt(member.Email, member.Language, now), cancellationToken);
        return true;
    }

    private async Task EraseHoldersAsync(MemberEntity member, CancellationToken cancellationToken)
    {
        foreach (var holder in holders)
        {
            await holder.EraseAsync(member, cancellationToken);
        }
    }

    private static (string Name, string? Organization, string? Country, string? Role, string Topics, string Language, bool Newsletter) Profile(MemberEntity member) =>
        (member.Name, member.Organization, member.Country, member.Role, member.Topics, member.Language, member.Newsletter);

    private static void Apply(MemberEntity member, ProfileChanges changes)
    {
        member.Name = changes.Name ?? member.Name;
        member.Organization = changes.ClearOrganization ? null : changes.Organization ?? member.Organization;
        member.Country = changes.ClearCountry ? null : changes.Country ?? member.Country;
        member.Role = changes.ClearRole ? null : changes.Role ?? member.Role;
        member.Topics = changes.Topics is null ? member.Topics : string.Join(',', changes.Topics);
        member.Language = changes.Language ?? member.Language;
        member.Newsletter = changes.Newsletter ?? member.Newsletter;
    }

    private Task<IReadOnlyList<string>> AppendConsentAsync(string memberId, ConsentEvent consentEvent, RequestOrigin origin, CancellationToken cancellationToken) =>
        ledger.AppendAsync(memberId, [consentEvent], privacy.Value.PolicyVersion, pseudonymizer.IpHash(origin.ClientIp), origin.Channel, time.GetUtcNow(), cancellationToken);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Information, Message = "Member {MemberId} unsubscribed from the newsletter")]
    private static partial void LogUnsubscribed(ILogger logger, string memberId);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Information, Message = "Member {MemberId} revoked their links (generation {Generation})")]
    private static partial void LogLinksRevoked(ILogger logger, string memberId, int generation);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Information, Message = "Member {MemberId} was erased")]
    private static partial void LogErased(ILogger logger, string memberId);

    /// <summary>A bump of the link generation: done (with the row as saved), no such member, or the row kept changing.</summary>
    private abstract record Bump
    {
        private Bump()
        {
        }

        public sealed record Bumped(MemberEntity Member) : Bump;

        public sealed record NotFound : Bump;

        public sealed record Conflict : Bump;
    }
}
