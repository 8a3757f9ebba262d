using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Polls;

/// <summary>The counted ballots of a poll: how many, and the tally (null below the poll's minimum ballot count).</summary>
public sealed record CountedBallots(int Ballots, PollTallyResult? Tally);

/// <summary>
/// The last count of each poll's ballots on this instance, so that anonymous results requests do not each read every
/// ballot. A count serves the requests that start within <see cref="PollOptions.ResultsCacheDuration"/> of its own start,
/// and concurrent requests share one count in flight. A ballot recorded or erased on this instance drops its poll's
/// count at once; one recorded on another instance shows here within the duration, because a count that started after
/// the ballot's write reads it (Table Storage is strongly consistent). So: a results read that starts at least the
/// duration after a ballot's write returned reflects that ballot, on any instance.
/// </summary>
public sealed class PollResultsCache(PollStore store, IOptions<PollOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, PollCount> _counts = new(StringComparer.Ordinal);

    public async Task<CountedBallots> GetAsync(Poll poll, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(poll);
        var duration = options.Value.ResultsCacheDuration;
        if (duration <= TimeSpan.Zero)
        {
            return await CountAsync(poll, cancellationToken);
        }

        var state = _counts.GetOrAdd(poll.PollId, _ => new PollCount());
        Task<CountedBallots> count;
        lock (state)
        {
            var now = time.GetUtcNow();
            var usable = state.Count is { IsFaulted: false, IsCanceled: false }
                && now - state.StartedAt < duration
                && state.ClosesAt == poll.EffectiveClosesAt;
            if (!usable)
            {
                // Shared by every request that waits for it, so no one request's cancellation may stop it.
                state.Count = CountAsync(poll, CancellationToken.None);
                state.StartedAt = now;
                state.ClosesAt = poll.EffectiveClosesAt;
            }

            count = state.Count!;
        }

        return await count.WaitAsync(cancellationToken);
    }

    /// <summary>Forgets a poll's count after one of its ballots changed here: the next request counts again.</summary>
    public void Invalidate(string pollId)
    {
        if (_counts.TryGetValue(pollId, out var state))
        {
            lock (state)
            {
                state.Count = null;
            }
        }
    }

    /// <summary>Reads and counts every ballot of the poll now, bypassing the cache (operators' exports).</summary>
    public async Task<CountedBallots> CountAsync(Poll poll, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(poll);
        var ballots = await store.ReadBallotsAsync(poll.PollId, poll.EffectiveClosesAt, cancellationToken);
        return new CountedBallots(ballots.Count, ballots.Count < poll.MinBallots ? null : PollTally.Count(poll, ballots));
    }

    private sealed class PollCount
    {
        public Task<CountedBallots>? Count { get; set; }

        public DateTimeOffset StartedAt { get; set; }

        public DateTimeOffset ClosesAt { get; set; }
    }
}
