namespace CoP.Shared.Polls;

/// <summary>How a ballot chooses: one option, a set of options, or a ranking counted by instant runoff.</summary>
public enum PollKind
{
    SingleChoice,
    MultipleChoice,
    Ranked,
}

/// <summary>Who may see a poll's results (never below the poll's minimum ballot count).</summary>
public enum ResultsVisibility
{
    Always,
    AfterVote,
    AfterClose,
    Admins,
}

/// <summary>Where a poll stands at a given moment: the time decides, no job flips it.</summary>
public enum PollState
{
    Scheduled,
    Open,
    Closed,
}

public sealed record PollOption(string Id, string Label, string? Topic);

/// <summary>
/// Which secret keys a poll's ballot rows (<see cref="BallotKeys"/>). A poll keeps its scheme for life, so that a
/// member's next ballot always finds their earlier one.
/// </summary>
public enum BallotKeyScheme
{
    /// <summary>Polls created before <c>Privacy__BallotKey</c> existed: keyed with <c>Privacy__HashKey</c> (stored as no value).</summary>
    HashKey,

    /// <summary>Every poll created since: keyed with <c>Privacy__BallotKey</c>.</summary>
    BallotKey,
}

public sealed record Poll(
    string PollId,
    string Question,
    string? Description,
    IReadOnlyList<PollOption> Options,
    PollKind Kind,
    int MinChoices,
    int MaxChoices,
    DateTimeOffset OpensAt,
    DateTimeOffset ClosesAt,
    DateTimeOffset? ClosedEarlyAt,
    ResultsVisibility Visibility,
    int MinBallots,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EligibleConfirmedBefore,
    BallotKeyScheme BallotKeys)
{
    /// <summary>The moment ballots stop counting: the closing time, or an operator's earlier close.</summary>
    public DateTimeOffset EffectiveClosesAt => ClosedEarlyAt is { } early && early < ClosesAt ? early : ClosesAt;

    public PollState StateAt(DateTimeOffset now) =>
        now >= EffectiveClosesAt ? PollState.Closed : now < OpensAt ? PollState.Scheduled : PollState.Open;

    /// <summary>
    /// Whether a member confirmed at <paramref name="confirmedAt"/> may vote: confirmed strictly before
    /// <see cref="EligibleConfirmedBefore"/>. A poll without a cut-off (created before polls had one) admits every
    /// confirmed member; with one, a member without a confirmation time is refused.
    /// </summary>
    public bool Admits(DateTimeOffset? confirmedAt) =>
        EligibleConfirmedBefore is not { } cutOff || (confirmedAt is { } confirmed && confirmed < cutOff);
}

/// <summary>The wire names of kinds and visibilities, shared by requests, responses and storage.</summary>
public static class PollNames
{
    public static string Of(PollKind kind) => kind switch
    {
        PollKind.SingleChoice => "single",
        PollKind.MultipleChoice => "multiple",
        _ => "ranked",
    };

    public static string Of(ResultsVisibility visibility) => visibility switch
    {
        ResultsVisibility.Always => "always",
        ResultsVisibility.AfterVote => "after-vote",
        ResultsVisibility.AfterClose => "after-close",
        _ => "admins",
    };

    public static string Of(PollState state) => state switch
    {
        PollState.Scheduled => "scheduled",
        PollState.Open => "open",
        _ => "closed",
    };

    public static bool TryParseKind(string? value, out PollKind kind)
    {
        foreach (var candidate in Enum.GetValues<PollKind>())
        {
            if (string.Equals(Of(candidate), value, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static bool TryParseVisibility(string? value, out ResultsVisibility visibility)
    {
        foreach (var candidate in Enum.GetValues<ResultsVisibility>())
        {
            if (string.Equals(Of(candidate), value, StringComparison.Ordinal))
            {
                visibility = candidate;
                return true;
            }
        }

        visibility = default;
        return false;
    }
}
