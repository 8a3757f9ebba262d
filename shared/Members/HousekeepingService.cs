using CoP.Shared.Email.Queue;
using CoP.Shared.Limits;
using CoP.Shared.Members.Import;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Members;

/// <summary>What one housekeeping run removed, as counts only.</summary>
/// <param name="RegistrationsPurged">Pending registrations whose confirmation link had expired, removed with all they left.</param>
/// <param name="RegistrationsChanged">Expired ones that changed while the run looked at them (confirmed, sent again): left for the next run.</param>
/// <param name="LimitHoursPurged">Past hours of the request limiter's counters.</param>
/// <param name="MailDeliveriesPurged">Rows of the transactional mail delivery ledger older than its retention.</param>
/// <param name="ImportFilesPurged">Member import files previewed and never imported, kept longer than <see cref="ImportFileStore.KeptFor"/>.</param>
public sealed record HousekeepingReport(int RegistrationsPurged, int RegistrationsChanged, int LimitHoursPurged, int MailDeliveriesPurged, int ImportFilesPurged);

/// <summary>
/// The daily clean-up after registrations (the <c>PurgeExpiredRegistrations</c> timer). Anyone can type a name and an
/// address into the form, so a registration nobody confirmed must not stay: once its confirmation link has expired it
/// goes, with its email index entry, its consent rows and its throttle state (on the member row). The request
/// limiter's past hours, the mail delivery ledger's old rows and member import files nobody imported go too. Each part is safe to run twice or concurrently.
/// </summary>
/// <remarks>
/// A pending registration is expired when its latest confirmation link has: <see cref="MemberEntity.ConfirmationSentAt"/>
/// (the later of its creation and its last resend) plus <c>Tokens__ConfirmLifetime</c> is past, with a
/// <see cref="Margin"/> to spare. The link's token counts its lifetime from that same moment (see <see cref="MemberMailer"/>),
/// so no link that still works ever names a purged registration.
/// </remarks>
public sealed class HousekeepingService(
    MemberStore members,
    MemberEmailIndex emails,
    ConsentLedger ledger,
    RequestLimiter limiter,
    MailDeliveryStore deliveries,
    ImportFileStore imports,
    IOptions<MemberTokenOptions> tokens,
    TimeProvider time)
{
    /// <summary>
    /// How long after its link expired a registration is kept at least: the app's instances do not share one clock, and a
    /// link must not stop working early on one that is a little behind.
    /// </summary>
    public static readonly TimeSpan Margin = TimeSpan.FromHours(1);

    /// <summary>Deletes in flight at once: enough to get through a backlog, few enough to leave room for requests.</summary>
    public const int MaxParallelDeletes = 8;

    public async Task<HousekeepingReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var (purged, changed) = await PurgeExpiredRegistrationsAsync(cancellationToken);
        var hours = await limiter.PurgeExpiredAsync(cancellationToken);
        var mails = await deliveries.PurgeAsync(time.GetUtcNow() - MailDeliveryStore.Retention, cancellationToken);
        var files = await imports.PurgeAsync(time.GetUtcNow() - ImportFileStore.KeptFor, cancellationToken);
        return new HousekeepingReport(purged, changed, hours, mails, files);
    }

    /// <summary>Removes every expired pending registration; returns how many went and how many changed under the run.</summary>
    public async Task<(int Purged, int Changed)> PurgeExpiredRegistrationsAsync(CancellationToken cancellationToken = default)
    {
        var expiredBefore = time.GetUtcNow() - tokens.Value.ConfirmLifetime - Margin;
        var purged = 0;
        var changed = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxParallelDeletes, CancellationToken = cancellationToken };

        // The query finds those created before the cut-off; a resend since keeps one (its link is younger).
        await foreach (var page in members.ListPendingPagesAsync(expiredBefore, cancellationToken))
        {
            await Parallel.ForEachAsync(page.Where(m => m.ConfirmationSentAt < expiredBefore), parallel, async (member, ct) =>
            {
                if (await TryPurgePendingAsync(member, ct))
                {
                    Interlocked.Increment(ref purged);
                }
                else
                {
                    Interlocked.Increment(ref changed);
                }
            });
        }

        return (purged, changed);
    }

    /// <summary>
    /// Deletes a pending registration as <see cref="MemberStore.ListPendingPagesAsync"/> read it, with everything it left:
    /// its consent rows and its email index entry (if that still names it). The member row goes first and only if
    /// unchanged since: a registration confirmed, or sent its link again, meanwhile stays. False when the row changed or
    /// is gone: it is left for the next run.
    /// </summary>
    public async Task<bool> TryPurgePendingAsync(MemberEntity pending, CancellationToken cancellationToken = default)
    {
        if (!await members.TryDeletePendingAsync(pending, cancellationToken))
        {
            return false;
        }

        // The consent rows before the index: should the run stop in between, an index entry without its member is
        // released by the next registration of the address, a consent row would stay for good.
        await ledger.DeleteHistoryAsync(pending.MemberId, cancellationToken);
        await emails.ReleaseIfNamesAsync(pending, cancellationToken);
        return true;
    }
}
