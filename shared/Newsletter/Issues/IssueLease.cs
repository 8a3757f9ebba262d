using Microsoft.Extensions.Logging;

namespace CoP.Shared.Newsletter.Issues;

/// <summary>
/// A run's hold on an issue, kept in the issue row (owner and expiry, guarded by its ETag) so that the timer
/// and an admin's send never work on one issue at once. Every write the run makes to the row goes through
/// here, renewals included, one at a time. If another run took the issue (the lease expired while this run
/// stalled), <see cref="Lost"/> is cancelled and this run stops. Disposing gives the lease back.
/// </summary>
public sealed partial class IssueLease : IAsyncDisposable
{
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(5);

    private readonly NewsletterIssueStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _lost;
    private readonly CancellationTokenSource _stopRenewing = new();
    private readonly string _owner = Guid.NewGuid().ToString("N");
    private Task _renewal = Task.CompletedTask;

    private IssueLease(NewsletterIssueStore store, NewsletterIssueEntity issue, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        _store = store;
        _time = time;
        _logger = logger;
        Issue = issue;
        _lost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    public NewsletterIssueEntity Issue { get; }

    /// <summary>This run's id in the lease (and in the ledger's fence).</summary>
    public string Owner => _owner;

    /// <summary>Cancelled when the caller cancels or the lease is lost.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Takes the issue's lease, unless another run holds it and it has not expired.</summary>
    public static async Task<IssueLease?> TryAcquireAsync(
        NewsletterIssueStore store, NewsletterIssueEntity issue, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (issue.LeaseOwner is not null && issue.LeaseUntil > now)
        {
            return null;
        }

        var lease = new IssueLease(store, issue, time, logger, cancellationToken);
        issue.LeaseOwner = lease._owner;
        issue.LeaseUntil = now + Duration;

        // Writes of the row are never abandoned half-way (see UpdateAsync).
        cancellationToken.ThrowIfCancellationRequested();
        if (!await store.TryReplaceIssueAsync(issue, CancellationToken.None))
        {
            await lease.DisposeAsync();
            return null;
        }

        lease._renewal = lease.RenewAsync();
        return lease;
    }

    /// <summary>
    /// Changes the issue row; with <paramref name="release"/> the same write gives the lease back. A cancellation
    /// stops it before the write, never during it: a write abandoned in flight may still land, and the run would
    /// then hold a stale ETag and could not give the lease back.
    /// </summary>
    public async Task UpdateAsync(Action<NewsletterIssueEntity> change, bool release, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            change(Issue);
            if (release)
            {
                Issue.LeaseOwner = null;
                Issue.LeaseUntil = null;
            }

            if (!await _store.TryReplaceIssueAsync(Issue, CancellationToken.None))
            {
                throw new InvalidOperationException($"Issue {Issue.IssueId} was changed by another run while this one held its lease.");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopRenewing.CancelAsync();
        await _renewal;
        if (Issue.LeaseOwner == _owner)
        {
            // Best effort, so that a retry after a failure need not wait for the lease to expire.
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await UpdateAsync(_ => { }, release: true, timeout.Token);
            }
            catch (Exception exception) when (exception is Azure.RequestFailedException or OperationCanceledException or InvalidOperationException)
            {
                LogNotReleased(_logger, Issue.IssueId);
            }
        }

        _gate.Dispose();
        _lost.Dispose();
        _stopRenewing.Dispose();
    }

    private async Task RenewAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(Duration / 5, _stopRenewing.Token);
                await RenewOnceAsync();
            }
        }
        catch (OperationCanceledException) when (_stopRenewing.IsCancellationRequested)
        {
            // The run is over.
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !_stopRenewing.IsCancellationRequested)
        {
            // Taken by another run, or storage failed: either way this run can no longer count on the lease.
            LogLost(_logger, Issue.IssueId);
            await _lost.CancelAsync();
        }
    }

    private async Task RenewOnceAsync()
    {
        await _gate.WaitAsync(_stopRenewing.Token);
        try
        {
            if (Issue.LeaseOwner != _owner)
            {
                return;
            }

            Issue.LeaseUntil = _time.GetUtcNow() + Duration;

            // Bounded, so that a hanging write cannot outlive the lease it renews.
            using var timeout = new CancellationTokenSource(Duration / 5);
            if (!await _store.TryReplaceIssueAsync(Issue, timeout.Token))
            {
                throw new InvalidOperationException($"Issue {Issue.IssueId} was taken by another run.");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(EventId = 4032, Level = LogLevel.Error, Message = "Newsletter {IssueId}: another run took the lease; this run stops")]
    private static partial void LogLost(ILogger logger, string issueId);

    [LoggerMessage(EventId = 4033, Level = LogLevel.Warning, Message = "Newsletter {IssueId}: the lease could not be given back; it expires by itself")]
    private static partial void LogNotReleased(ILogger logger, string issueId);
}
