using CoP.Shared.Polls;

namespace CoP.Tests.Polls;

/// <summary>The counting rules at their edges: no ballots, ties, options the poll does not have.</summary>
public sealed class PollTallyEdgeCaseTests
{
    private static readonly Poll Ranked = new(
        "0123456789abcdef0123456789abcdef", "Q", null,
        [new("a", "A", null), new("b", "B", null), new("c", "C", null)],
        PollKind.Ranked, 1, 3, PollTestFlows.Start, PollTestFlows.Start.AddDays(1), null, ResultsVisibility.Always, 1, PollTestFlows.Start,
        PollTestFlows.Start, BallotKeyScheme.BallotKey);

    private static readonly Poll Single = Ranked with { Kind = PollKind.SingleChoice, MinChoices = 1, MaxChoices = 1 };

    [Fact]
    public void SingleChoiceHasNoWinnerWhenTwoOptionsTieForTheLead()
    {
        var result = PollTally.Count(Single, [["a"], ["b"], ["a"], ["b"], ["c"]]);

        Assert.Null(result.Winner);
        Assert.Equal(new Dictionary<string, int> { ["a"] = 2, ["b"] = 2, ["c"] = 1 }, result.Counts);
        var round = Assert.Single(result.Rounds);
        Assert.Equal(1, round.Round);
        Assert.Equal(0, round.Exhausted);
        Assert.Null(round.Eliminated);
    }

    [Fact]
    public void SingleChoiceHasNoWinnerAndZeroCountsWhenThereAreNoBallots()
    {
        var result = PollTally.Count(Single, []);

        Assert.Equal(0, result.Ballots);
        Assert.Null(result.Winner);
        Assert.Equal(new Dictionary<string, int> { ["a"] = 0, ["b"] = 0, ["c"] = 0 }, result.Counts);
    }

    [Fact]
    public void SingleChoiceIgnoresOptionsThePollDoesNotHaveButCountsTheBallot()
    {
        var result = PollTally.Count(Single, [["a"], ["z"], ["A"]]);

        Assert.Equal(3, result.Ballots);
        Assert.Equal("a", result.Winner);
        Assert.Equal(new Dictionary<string, int> { ["a"] = 1, ["b"] = 0, ["c"] = 0 }, result.Counts);
    }

    [Fact]
    public void InstantRunoffWithNoBallotsHasOneEmptyRoundAndNoWinner()
    {
        var result = PollTally.Count(Ranked, []);

        Assert.Null(result.Winner);
        var round = Assert.Single(result.Rounds);
        Assert.Equal(new Dictionary<string, int> { ["a"] = 0, ["b"] = 0, ["c"] = 0 }, round.Counts);
        Assert.Null(round.Eliminated);
        Assert.Equal(new Dictionary<string, int> { ["a"] = 0, ["b"] = 0, ["c"] = 0 }, result.Counts);
    }

    [Fact]
    public void InstantRunoffNeedsMoreThanHalfSoAnExactHalfIsNoMajority()
    {
        // a2 b1 c1: a has exactly half. c (last of the tied b and c) goes; its ballot moves to b: a2 b2, again exactly
        // half each; b had fewer first preferences (1 < 2) and goes, and a wins alone.
        var result = PollTally.Count(Ranked, [["a"], ["a"], ["b"], ["c", "b"]]);

        Assert.Equal(3, result.Rounds.Count);
        Assert.Equal(["c", "b", null], result.Rounds.Select(r => r.Eliminated));
        Assert.Equal([1, 2, 3], result.Rounds.Select(r => r.Round));
        Assert.Equal(new Dictionary<string, int> { ["a"] = 2, ["b"] = 2 }, result.Rounds[1].Counts);
        Assert.Equal(new Dictionary<string, int> { ["a"] = 2 }, result.Rounds[2].Counts);
        Assert.Equal("a", result.Winner);
    }

    [Fact]
    public void InstantRunoffEliminatesTheFewestVotesBeforeLookingAtTheOrder()
    {
        // a1 b3 c2 of 6: nobody has more than 3. a has the fewest and goes although it is first in the order.
        var result = PollTally.Count(Ranked, [["a", "c"], ["b"], ["b"], ["b"], ["c"], ["c"]]);

        Assert.Equal("a", result.Rounds[0].Eliminated);
        Assert.Equal(new Dictionary<string, int> { ["b"] = 3, ["c"] = 3 }, result.Rounds[1].Counts);
        Assert.Equal("c", result.Rounds[1].Eliminated);
        Assert.Equal("b", result.Winner);
    }

    [Fact]
    public void InstantRunoffSkipsOptionsThePollDoesNotHaveAndExhaustsBallotsWithNoneLeft()
    {
        // ["z","a"] counts for a; ["z"] names nothing the poll has and is exhausted from the first round on.
        var result = PollTally.Count(Ranked, [["z", "a"], ["a"], ["b"], ["z"]]);

        Assert.Equal(4, result.Ballots);
        Assert.Equal(1, result.Rounds[0].Exhausted);
        Assert.Equal(new Dictionary<string, int> { ["a"] = 2, ["b"] = 1, ["c"] = 0 }, result.Rounds[0].Counts);
        Assert.Equal("a", result.Winner);
    }
}
