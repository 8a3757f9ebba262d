using System.Diagnostics;
using CoP.Shared.DomainEvents.Sources;
using CoP.Shared.Hosting;
using CoP.Shared.Members;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Polls;

/// <summary>Creating, closing and listing polls, casting ballots and counting them.</summary>
public sealed partial class PollService(
    PollStore store,
    TopicStore topics,
    MemberAccountService accounts,
    BallotKeys ballotKeys,
    PollResultsCache counts,
    PollNews news,
    CommunityMetrics metrics,
    IOptions<PollOptions> options,
    TimeProvider time,
    ILogger<PollService> logger)
{
    private const int MaxCloseAttempts = 5;

    /// <summary>Validates and stores a new poll: the stored poll, or the errors by field (nothing stored).</summary>
    public async Task<Validated<Poll>> CreateAsync(PollDefinition definition, CancellationToken cancellationToken = default)
    {
        var offered = (await topics.ListActiveAsync(cancellationToken)).Select(t => t.Slug).ToHashSet(StringComparer.Ordinal);
        var checkedPoll = PollRules.Validate(definition, offered, time.GetUtcNow());
        if (checkedPoll is Validated<Poll>.Valid { Value: var poll })
        {
            await store.AddAsync(poll, cancellationToken);
            LogCreated(logger, poll.PollId, poll.Kind, poll.Options.Count);
            await news.OpenedAsync(poll, cancellationToken);
        }

        return checkedPoll;
    }

    public async Task<Poll?> GetAsync(string pollId, CancellationToken cancellationToken = default) =>
        (await store.GetAsync(pollId, cancellationToken))?.ToPoll();

    /// <summary>Open polls, then those closed within <see cref="PollOptions.RecentlyClosedDays"/>, most recent first.</summary>
    public Task<IReadOnlyList<Poll>> ListOpenAndRecentAsync(CancellationToken cancellationToken = default) =>
        ListAsync(scheduled: false, cancellationToken);

    /// <summary>What operators follow: open polls, then scheduled ones (soonest first), then the recently closed.</summary>
    public Task<IReadOnlyList<Poll>> ListScheduledOpenAndRecentAsync(CancellationToken cancellationToken = default) =>
        ListAsync(scheduled: true, cancellationToken);

    private async Task<IReadOnlyList<Poll>> ListAsync(bool scheduled, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var since = now - TimeSpan.FromDays(options.Value.RecentlyClosedDays);
        var polls = await store.ListClosingAfterAsync(since, cancellationToken);
        return polls
            .Where(p => p.StateAt(now) switch
            {
                PollState.Open => true,
                PollState.Scheduled => scheduled,
                _ => p.EffectiveClosesAt > since,
            })
            .OrderBy(p => p.StateAt(now) switch { PollState.Open => 0, PollState.Scheduled => 1, _ => 2 })
            .ThenBy(p => p.StateAt(now) switch
            {
                PollState.Open => p.EffectiveClosesAt.UtcTicks,
                PollState.Scheduled => p.OpensAt.UtcTicks,
                _ => -p.EffectiveClosesAt.UtcTicks,
            })
            .ThenBy(p => p.PollId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Closes a poll now, unless it is closed already. Guarded by the row's ETag. The closing is reported by the domain
    /// events timer once <see cref="PollNews.ClosedGrace"/> has passed, with the ballots that raced the close.
    /// </summary>
    public async Task<PollCloseResult> CloseAsync(string pollId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MaxCloseAttempts; attempt++)
        {
            var entity = await store.GetAsync(pollId, cancellationToken);
            if (entity is null)
            {
                return new PollCloseResult.NotFound();
            }

            var now = time.GetUtcNow();
            if (entity.ToPoll().StateAt(now) == PollState.Closed)
            {
                return new PollCloseResult.AlreadyClosed(entity.ToPoll());
            }

            entity.ClosedEarlyAt = now;
            if (await store.TryReplaceAsync(entity, cancellationToken))
            {
                LogClosed(logger, pollId);
                return new PollCloseResult.Closed(entity.ToPoll());
            }
        }

        return new PollCloseResult.Conflict();
    }

    /// <summary>
    /// Records a member's ballot, replacing any earlier one of theirs. Three storage round trips: the member
    /// and the poll are read together, then the ballot is written.
    /// </summary>
    public async Task<BallotResult> CastAsync(
        string pollId, string? token, IReadOnlyList<string?>? choices, CancellationToken cancellationToken = default)
    {
        // The time is taken before the poll is read: a close the read does not see then comes after the ballot's
        // time, so the ballot counts; a close it does see refuses the ballot. Never a ballot recorded but dropped.
        var now = time.GetUtcNow();
        var member = accounts.AuthenticateAsync(token, MemberAction.Vote, pollId, cancellationToken);
        var pollRow = store.GetAsync(pollId, cancellationToken);
        await Task.WhenAll(member, pollRow);
        if (await member is not MemberAuthentication.Authenticated { Member: var voter })
        {
            return new BallotResult.Unauthorized();
        }

        if ((await pollRow)?.ToPoll() is not { } poll)
        {
            return new BallotResult.PollNotFound();
        }

        switch (poll.StateAt(now))
        {
            case PollState.Scheduled:
                return new BallotResult.NotOpenYet(poll.OpensAt);
            case PollState.Closed:
                return new BallotResult.Closed(poll.EffectiveClosesAt);
        }

        if (!poll.Admits(voter.ConfirmedAt))
        {
            return new BallotResult.NotEligible(EligibilityRule(poll));
        }

        switch (PollRules.CheckChoices(poll, choices))
        {
            case Validated<IReadOnlyList<string>>.Invalid { Errors: var errors }:
                return new BallotResult.InvalidChoices(errors);
            case Validated<IReadOnlyList<string>>.Valid { Value: var ballot }:
                await store.UpsertBallotAsync(poll.PollId, ballotKeys.For(poll, voter.MemberId), ballot, now, cancellationToken);
                counts.Invalidate(poll.PollId);
                LogBallotCast(logger, poll.PollId);
                metrics.Ballots.Add(1);
                return new BallotResult.Recorded(ballot);
            default:
                throw new UnreachableException();
        }
    }

    /// <summary>Who may vote in the poll, in a sentence (for refusals and the ballot page).</summary>
    public static string EligibilityRule(Poll poll) =>
        poll.EligibleConfirmedBefore is { } cutOff
            ? $"This poll is open to members who confirmed their registration before {cutOff:O}."
            : "This poll is open to every confirmed member.";

    /// <summary>
    /// The results as the caller may see them. Operators (<paramref name="admin"/>) always pass the visibility
    /// rule and get a fresh count; everyone else gets the count of <see cref="PollResultsCache"/> (at most
    /// <see cref="PollOptions.ResultsCacheDuration"/> old). A member token matters only for <c>after-vote</c> polls
    /// that are still open. Nobody sees counts below the minimum ballot count.
    /// </summary>
    public async Task<ResultsAccess> ResultsAsync(
        string pollId, string? token, bool admin, CancellationToken cancellationToken = default)
    {
        if (await GetAsync(pollId, cancellationToken) is not { } poll)
        {
            return new ResultsAccess.PollNotFound();
        }

        var closed = poll.StateAt(time.GetUtcNow()) == PollState.Closed;
        return admin
            ? Shown(poll, closed, await counts.CountAsync(poll, cancellationToken))
            : await AccessAsync(poll, closed, token, cancellationToken);
    }

    private static ResultsAccess.Shown Shown(Poll poll, bool closed, CountedBallots counted) =>
        new(new PollResults(poll, closed, counted.Ballots, counted.Tally is null, counted.Tally));

    private async Task<ResultsAccess> AccessAsync(Poll poll, bool closed, string? token, CancellationToken cancellationToken)
    {
        switch (poll.Visibility)
        {
            case ResultsVisibility.Always:
                return await ShownAsync(poll, closed, cancellationToken);
            case ResultsVisibility.Admins:
                return new ResultsAccess.AdminsOnly();
            case ResultsVisibility.AfterClose:
                return closed ? await ShownAsync(poll, closed, cancellationToken) : new ResultsAccess.AfterClose();
        }

        // After-vote: once the poll is closed the results are public (the newsletter reports them); before,
        // only members whose ballot row exists see them.
        if (closed)
        {
            return await ShownAsync(poll, closed, cancellationToken);
        }

        if (string.IsNullOrEmpty(token))
        {
            return new ResultsAccess.VoteFirst();
        }

        if (await accounts.AuthenticateAsync(token, MemberAction.Vote, poll.PollId, cancellationToken) is not MemberAuthentication.Authenticated { Member: var member })
        {
            return new ResultsAccess.Unauthorized();
        }

        return await store.BallotExistsAsync(poll.PollId, ballotKeys.For(poll, member.MemberId), cancellationToken)
            ? await ShownAsync(poll, closed, cancellationToken)
            : new ResultsAccess.VoteFirst();
    }

    // Everyone but operators sees the cached count.
    private async Task<ResultsAccess> ShownAsync(Poll poll, bool closed, CancellationToken cancellationToken) =>
        Shown(poll, closed, await counts.GetAsync(poll, cancellationToken));

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Poll {PollId} created ({Kind}, {OptionCount} options)")]
    private static partial void LogCreated(ILogger logger, string pollId, PollKind kind, int optionCount);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Poll {PollId} closed early by an operator")]
    private static partial void LogClosed(ILogger logger, string pollId);

    // The member is deliberately not named: a log line must not tell who voted in which poll.
    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "Ballot recorded in poll {PollId}")]
    private static partial void LogBallotCast(ILogger logger, string pollId);
}
