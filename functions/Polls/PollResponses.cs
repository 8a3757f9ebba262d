using CoP.Shared.Polls;

namespace CoP.Functions.Polls;

/// <summary>
/// A poll as clients see it, with its state at the time of the answer. <c>eligibleConfirmedBefore</c>: only members who
/// confirmed their registration before it may vote (null on polls created before polls had a cut-off: every member).
/// </summary>
public sealed record PollResponse(
    string PollId,
    string Question,
    string? Description,
    string Kind,
    int MinChoices,
    int MaxChoices,
    IReadOnlyList<PollOption> Options,
    DateTimeOffset OpensAt,
    DateTimeOffset ClosesAt,
    DateTimeOffset? ClosedEarlyAt,
    string State,
    string ResultsVisibility,
    int MinBallots,
    DateTimeOffset? EligibleConfirmedBefore)
{
    public static PollResponse From(Poll poll, DateTimeOffset now) => new(
        poll.PollId, poll.Question, poll.Description, PollNames.Of(poll.Kind), poll.MinChoices, poll.MaxChoices, poll.Options,
        poll.OpensAt, poll.ClosesAt, poll.ClosedEarlyAt, PollNames.Of(poll.StateAt(now)), PollNames.Of(poll.Visibility), poll.MinBallots,
        poll.EligibleConfirmedBefore);
}

public sealed record PollListResponse(IReadOnlyList<PollResponse> Polls);

/// <summary>
/// Counts of a poll. <c>options</c> holds the votes per option (for ranked polls, first preferences);
/// <c>rounds</c> the instant-runoff rounds of ranked polls. Both are null while the counts are withheld
/// (fewer ballots than <c>minBallots</c>).
/// </summary>
public sealed record PollResultsResponse(
    string PollId,
    string Question,
    string Kind,
    bool Closed,
    int Ballots,
    int MinBallots,
    bool Withheld,
    IReadOnlyList<OptionVotes>? Options,
    IReadOnlyList<RoundResponse>? Rounds,
    string? Winner)
{
    public static PollResultsResponse From(PollResults results)
    {
        var poll = results.Poll;
        var tally = results.Tally;
        return new(
            poll.PollId, poll.Question, PollNames.Of(poll.Kind), results.Closed, results.Ballots, poll.MinBallots, results.Withheld,
            tally?.Counts is { } counts ? poll.Options.Select(o => new OptionVotes(o.Id, o.Label, o.Topic, counts[o.Id])).ToList() : null,
            tally is not null && poll.Kind == PollKind.Ranked
                ? tally.Rounds.Select(r => new RoundResponse(r.Round, r.Counts, r.Exhausted, r.Eliminated)).ToList()
                : null,
            tally?.Winner);
    }
}

public sealed record OptionVotes(string Id, string Label, string? Topic, int Votes);

public sealed record RoundResponse(int Round, IReadOnlyDictionary<string, int> Counts, int Exhausted, string? Eliminated);

public sealed record BallotResponse(string Status, string PollId, IReadOnlyList<string> Choices);

/// <summary>The JSON body of a ballot: option ids, in order of preference for ranked polls.</summary>
public sealed class BallotRequest
{
    public List<string?>? Choices { get; init; }
}
