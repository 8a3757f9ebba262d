using System.Diagnostics;
using CoP.Shared.Hosting;
using CoP.Shared.Privacy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Members;

/// <summary>
/// The second half of double opt-in: what a confirmation link would do (<see cref="CheckAsync"/>, for the page that
/// link scanners open too) and the confirmation itself, recorded once in the consent ledger however often it is sent.
/// </summary>
public sealed partial class ConfirmationService(
    MemberStore store,
    ConsentLedger ledger,
    MemberTokenService tokens,
    Pseudonymizer pseudonymizer,
    CommunityMetrics metrics,
    IOptions<PrivacyOptions> privacy,
    TimeProvider time,
    ILogger<ConfirmationService> logger)
{
    private const int MaxAttempts = 6;

    /// <summary>What a confirmation link would do, without doing it: link scanners open links too.</summary>
    public async Task<ConfirmationResult> CheckAsync(string? token, CancellationToken cancellationToken = default) =>
        await ReadAsync(token, cancellationToken) switch
        {
            Read.Refused { Result: var refusal } => refusal,
            Read.Found { Member.MemberStatus: MemberStatus.Confirmed } found => new ConfirmationResult.AlreadyConfirmed(found.Member.ToMember()),
            Read.Found => new ConfirmationResult.Pending(),
            _ => throw new UnreachableException(),
        };

    public async Task<ConfirmationResult> ConfirmAsync(string? token, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(origin);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var read = await ReadAsync(token, cancellationToken);
            if (read is not Read.Found { Member: var member })
            {
                return read is Read.Refused { Result: var refusal } ? refusal : throw new UnreachableException();
            }

            var now = time.GetUtcNow();
            if (member.MemberStatus == MemberStatus.Confirmed)
            {
                await RecordConfirmationIfMissingAsync(member, origin, now, cancellationToken);
                return new ConfirmationResult.AlreadyConfirmed(member.ToMember());
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
            return new ConfirmationResult.Confirmed(member.ToMember());
        }

        return new ConfirmationResult.Invalid();
    }

    /// <summary>The member a confirmation token names, if the token is valid and of the member's current link generation.</summary>
    private async Task<Read> ReadAsync(string? token, CancellationToken cancellationToken)
    {
        var verification = tokens.Verify(token);
        if (verification.Status == TokenStatus.Expired)
        {
            return new Read.Refused(new ConfirmationResult.Expired());
        }

        if (verification.Token is not { } verified || !verification.IsValid || !TokenGrants.Allows(verified, MemberAction.Confirm))
        {
            return new Read.Refused(new ConfirmationResult.Invalid());
        }

        // Erased, or links revoked, since the link was sent: it no longer grants anything.
        var member = await store.GetAsync(verified.MemberId, cancellationToken);
        return member is null || member.LinkGeneration != verified.Generation
            ? new Read.Refused(new ConfirmationResult.Invalid())
            : new Read.Found(member);
    }

    /// <summary>A confirmation whose ledger write was lost (crash after the status change) is recorded on the next click.</summary>
    private async Task RecordConfirmationIfMissingAsync(MemberEntity member, RequestOrigin origin, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var history = await ledger.HistoryAsync(member.MemberId, cancellationToken);
        if (!history.Any(e => e.Event == ConsentEvents.Name(ConsentEvent.Confirmation)))
        {
            await AppendConfirmationAsync(member, origin, now, cancellationToken);
        }
    }

    /// <summary>
    /// The confirmation's consent records, at the confirmation time saved on the row and under a fixed key, so that
    /// confirmations racing each other (a double click, a retry) record it once.
    /// </summary>
    private async Task AppendConfirmationAsync(MemberEntity member, RequestOrigin origin, DateTimeOffset now, CancellationToken cancellationToken) =>
        await ledger.AppendAsync(
            member.MemberId,
            member.Newsletter ? [ConsentEvent.Confirmation, ConsentEvent.NewsletterOptIn] : [ConsentEvent.Confirmation],
            privacy.Value.PolicyVersion,
            pseudonymizer.IpHash(origin.ClientIp),
            origin.Channel,
            member.ConfirmedAt ?? now,
            once: "confirmation",
            cancellationToken);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Member {MemberId} confirmed their registration")]
    private static partial void LogConfirmed(ILogger logger, string memberId);

    /// <summary>The member a confirmation token names, or the answer that refuses it.</summary>
    private abstract record Read
    {
        private Read()
        {
        }

        public sealed record Found(MemberEntity Member) : Read;

        public sealed record Refused(ConfirmationResult Result) : Read;
    }
}
