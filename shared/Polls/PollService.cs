using CoP.Shared.Hosting;
using CoP.Shared.Members;
using CoP.Shared.Topics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Polls;

public enum PollCloseOutcome
{
    Closed,
    AlreadyClosed,
    NotFound,
    /// <summary>The poll kept changing under concurrent closes; the operator may try again.</summary>
    Conflict,
}

public enum BallotOutcome
{
    Recorded,
    Unauthorized,
    PollNotFound,
    NotOpenYet,
    Closed,
    /// <summary>The member confirmed their registration too late to vote in this poll (<see cref="Poll.EligibleConfirmedBefore"/>).</summary>
    NotEligible,
    InvalidChoices,
}

public enum ResultsAccess
{
    Shown,
    PollNotFound,
    /// <summary>A member token was sent but grants nothing (expired, tampered, erased or unconfirmed member).</summary>
    Unauthorized,
    VoteFirst,
    AfterClose,
    AdminsOnly,
}

/// <summary>
/// A poll's results as a viewer may see them. <see cref="Withheld"/> is true below the poll's minimum ballot
/// count: then <see cref="Tally"/> is null, whoever asks, so that a small group's votes stay anonymous.
/// </summary>
public sealed record PollResults(Poll Poll, bool Closed, int Ballots, bool Withheld, PollTallyResult? Tally);

/// <summary>Creating, closing and listing polls, casting ballots and counting them.</summary>
public sealed partial class PollService(
    PollStore store,
    TopicStore topics,
    MemberAccountService accounts,
    BallotKeys ballotKeys,
    PollResultsCache counts,
    CommunityMetrics metrics,
    IOptions<PollOptions> options,
    TimeProvider time,
    ILogger<PollService> logger)
{
    private const int MaxCloseAttempts = 5;

    /// <summary>Validates and stores a new poll; null with <paramref name="errors"/> filled when it is not valid.</summary>
    public async Task<Poll?> CreateAsync(PollDefinition definition, Dictionary<string, string[]> errors, CancellationToken cancellationToken = default)
    {
        var offered = (await topics.ListActiveAsync(cancellationToken)).Select(t => t.Slug).ToHashSet(StringComparer.Ordinal);
        var poll = PollRules.Validate(definition, offered, time.GetUtcNow(), errors);
        if (poll is null)
        {
            return null;
        }

        await store.AddAsync(poll, cancellationToken);
        LogCreated(logger, poll.PollId, poll.Kind, poll.Options.Count);
        return poll;
    }

    public async Task<Poll?> GetAsync(string pollId, CancellationToken cancellationToken = default) =>
        (await store.GetAsync(pollId, cancellationToken))?.ToPoll();

    /// <summary>Open polls, then those closed within <see cref="PollOptions.RecentlyClosedDays"/>, most recent first.</summary>
    public async Task<IReadOnlyList<Poll>> ListOpenAndRecentAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var since = now - TimeSpan.FromDays(options.Value.RecentlyClosedDays);
        var polls = await store.ListClosingAfterAsync(since, cancellationToken);
        return polls
            .Where(p => p.StateAt(now) == PollState.Open || (p.StateAt(now) == PollState.Closed && p.EffectiveClosesAt > since))
            .OrderBy(p => p.StateAt(now) == PollState.Open ? 0 : 1)
            .ThenBy(p => p.StateAt(now) == PollState.Open ? p.EffectiveClosesAt.UtcTicks : -p.EffectiveClosesAt.UtcTicks)
            .ThenBy(p => p.PollId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Closes a poll now, unless it is closed already. Guarded by the row's ETag.</summary>
    public async Task<(PollCloseOutcome Outcome, Poll? Poll)> CloseAsync(string pollId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MaxCloseAttempts; attempt++)
        {
            var entity = await store.GetAsync(pollId, cancellationToken);
            if (entity is null)
            {
                return (PollCloseOutcome.NotFound, null);
            }

            var now = time.GetUtcNow();
            if (entity.ToPoll().StateAt(now) == PollState.Closed)
            {
                return (PollCloseOutcome.AlreadyClosed, entity.ToPoll());
            }

            entity.ClosedEarlyAt = now;
            if (await store.TryReplaceAsync(entity, cancellationToken))
            {
                LogClosed(logger, pollId);
                return (PollCloseOutcome.Closed, entity.ToPoll());
            }
        }

        return (PollCloseOutcome.Conflict, null);
    }

    /// <summary>
    /// Records a member's ballot, replacing any earlier one of theirs. Three storage round trips: the member
    /// and the poll are read together, then the ballot is written.
    /// </summary>
    public async Task<(BallotOutcome Outcome, string? Error)> CastAsync(
        string pollId, string? token, IReadOnlyList<string?>? choices, CancellationToken cancellationToken = default)
    {
        // The time is taken before the poll is read: a close the read does not see then comes after the ballot's
        // time, so the ballot counts; a close it does see refuses the ballot. Never a ballot recorded but dropped.
        var now = time.GetUtcNow();
        var member = accounts.AuthenticateAsync(token, MemberAction.Vote, pollId, cancellationToken);
        var pollRow = store.GetAsync(pollId, cancellationToken);
        await Task.WhenAll(member, pollRow);
        var (_, voter) = await member;
        if (voter is null)
        {
            return (BallotOutcome.Unauthorized, null);
        }

        if ((await pollRow)?.ToPoll() is not { } poll)
        {
            return (BallotOutcome.PollNotFound, null);
        }

        switch (poll.StateAt(now))
        {
            case PollState.Scheduled:
                return (BallotOutcome.NotOpenYet, $"Voting opens at {poll.OpensAt:O}.");
            case PollState.Closed:
                return (BallotOutcome.Closed, $"Voting closed at {poll.EffectiveClosesAt:O}.");
        }

        if (!poll.Admits(voter.ConfirmedAt))
        {
            return (BallotOutcome.NotEligible, EligibilityRule(poll));
        }

        if (PollRules.CheckChoices(poll, choices) is { } error)
        {
            return (BallotOutcome.InvalidChoices, error);
        }

        await store.UpsertBallotAsync(poll.PollId, ballotKeys.For(poll, voter.MemberId), choices!.Select(c => c!).ToList(), now, cancellationToken);
        counts.Invalidate(poll.PollId);
        LogBallotCast(logger, poll.PollId);
        metrics.Ballots.Add(1);
        return (BallotOutcome.Recorded, null);
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
    public async Task<(ResultsAccess Access, PollResults? Results)> ResultsAsync(
        string pollId, string? token, bool admin, CancellationToken cancellationToken = default)
    {
        if (await GetAsync(pollId, cancellationToken) is not { } poll)
        {
            return (ResultsAccess.PollNotFound, null);
        }

        var closed = poll.StateAt(time.GetUtcNow()) == PollState.Closed;
        if (!admin)
        {
            var access = await AccessAsync(poll, closed, token, cancellationToken);
            if (access != ResultsAccess.Shown)
            {
                return (access, null);
            }
        }

        var counted = admin ? await counts.CountAsync(poll, cancellationToken) : await counts.GetAsync(poll, cancellationToken);
        return (ResultsAccess.Shown, new PollResults(poll, closed, counted.Ballots, counted.Tally is null, counted.Tally));
    }

    private async Task<ResultsAccess> AccessAsync(Poll poll, bool closed, string? token, CancellationToken cancellationToken)
    {
        switch (poll.Visibility)
        {
            case ResultsVisibility.Always:
                return ResultsAccess.Shown;
            case ResultsVisibility.Admins:
                return ResultsAccess.AdminsOnly;
            case ResultsVisibility.AfterClose:
                return closed ? ResultsAccess.Shown : ResultsAccess.AfterClose;
        }

        // After-vote: once the poll is closed the results are public (the newsletter reports them); before,
        // only members whose ballot row exists see them.
        if (closed)
        {
            return ResultsAccess.Shown;
        }

        if (string.IsNullOrEmpty(token))
        {
            return ResultsAccess.VoteFirst;
        }

        var (_, member) = await accounts.AuthenticateAsync(token, MemberAction.Vote, poll.PollId, cancellationToken);
        if (member is null)
        {
            return ResultsAccess.Unauthorized;
        }

        return await store.BallotExistsAsync(poll.PollId, ballotKeys.For(poll, member.MemberId), cancellationToken)
            ? ResultsAccess.Shown
            : ResultsAccess.VoteFirst;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Poll {PollId} created ({Kind}, {OptionCount} options)")]
    private static partial void LogCreated(ILogger logger, string pollId, PollKind kind, int optionCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Poll {PollId} closed early by an operator")]
    private static partial void LogClosed(ILogger logger, string pollId);

    // The member is deliberately not named: a log line must not tell who voted in which poll.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Ballot recorded in poll {PollId}")]
    private static partial void LogBallotCast(ILogger logger, string pollId);
}
