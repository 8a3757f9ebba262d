namespace CoP.Shared.Polls;

/// <summary>What closing a poll did.</summary>
public abstract record PollCloseResult
{
    private PollCloseResult()
    {
    }

    public sealed record Closed(Poll Poll) : PollCloseResult;

    /// <summary>Closed before (early or at its time): nothing changed.</summary>
    public sealed record AlreadyClosed(Poll Poll) : PollCloseResult;

    public sealed record NotFound : PollCloseResult;

    /// <summary>The poll kept changing under concurrent closes; the operator may try again.</summary>
    public sealed record Conflict : PollCloseResult;
}

/// <summary>What became of a member's ballot.</summary>
public abstract record BallotResult
{
    private BallotResult()
    {
    }

    /// <summary>Stored, replacing any earlier ballot of the member in this poll.</summary>
    public sealed record Recorded(IReadOnlyList<string> Choices) : BallotResult;

    /// <summary>No member token, or one that grants nothing (expired, tampered, erased or unconfirmed member).</summary>
    public sealed record Unauthorized : BallotResult;

    public sealed record PollNotFound : BallotResult;

    public sealed record NotOpenYet(DateTimeOffset OpensAt) : BallotResult;

    public sealed record Closed(DateTimeOffset ClosedAt) : BallotResult;

    /// <summary>The member confirmed their registration too late to vote in this poll (<see cref="Poll.EligibleConfirmedBefore"/>); the rule in a sentence.</summary>
    public sealed record NotEligible(string Rule) : BallotResult;

    /// <summary>The choices break the poll's rules: the error under <c>choices</c>.</summary>
    public sealed record InvalidChoices(IReadOnlyDictionary<string, string[]> Errors) : BallotResult;
}

/// <summary>
/// A poll's results as a viewer may see them. <see cref="Withheld"/> is true below the poll's minimum ballot
/// count: then <see cref="Tally"/> is null, whoever asks, so that a small group's votes stay anonymous.
/// </summary>
public sealed record PollResults(Poll Poll, bool Closed, int Ballots, bool Withheld, PollTallyResult? Tally);

/// <summary>The results of a poll, or why the caller may not see them.</summary>
public abstract record ResultsAccess
{
    private ResultsAccess()
    {
    }

    public sealed record Shown(PollResults Results) : ResultsAccess;

    public sealed record PollNotFound : ResultsAccess;

    /// <summary>A member token was sent but grants nothing (expired, tampered, erased or unconfirmed member).</summary>
    public sealed record Unauthorized : ResultsAccess;

    /// <summary>After-vote results of an open poll, for someone without a ballot in it.</summary>
    public sealed record VoteFirst : ResultsAccess;

    public sealed record AfterClose : ResultsAccess;

    public sealed record AdminsOnly : ResultsAccess;
}
