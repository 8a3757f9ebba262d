using CoP.Shared.Polls;

namespace CoP.Tests.Polls;

/// <summary>The counting rules on hand-checked examples, without storage.</summary>
public sealed class PollTallyTests
{
    private static readonly Poll Ranked = new(
        "0123456789abcdef0123456789abcdef", "Q", null,
        [new("a", "A", null), new("b", "B", null), new("c", "C", null), new("d", "D", null)],
        PollKind.Ranked, 1, 4, PollTestFlows.Start, PollTestFlows.Start.AddDays(1), null, ResultsVisibility.Always, 1, PollTestFlows.Start,
        PollTestFlows.Start, BallotKeyScheme.BallotKey);

    /// <summary>
    /// 11 ballots: 4×[a], 3×[b,c], 2×[c,b], 1×[d,c], 1×[d].
    /// Round 1: a4 b3 c2 d2, no majority (6 of 11 needed). c and d tie on 2 votes and on first preferences:
    /// d comes last in the option order and goes. Round 2: d's [d,c] moves to c, [d] is exhausted: a4 b3 c3,
    /// 1 exhausted, 6 of 10 needed. b and c tie on 3; c had fewer first preferences (2 &lt; 3) and goes.
    /// Round 3: [c,b]×2 move to b, [d,c] is exhausted: a4 b5, 2 exhausted, b has 5 of 9 and wins.
    /// </summary>
    [Fact]
    public void InstantRunoffBreaksTiesByFirstPreferencesThenByOptionOrder()
    {
        var ballots = Repeat(4, "a").Concat(Repeat(3, "b", "c")).Concat(Repeat(2, "c", "b")).Concat(Repeat(1, "d", "c")).Concat(Repeat(1, "d")).ToList();

        var result = PollTally.Count(Ranked, ballots);

        Assert.Equal(11, result.Ballots);
        Assert.Equal("b", result.Winner);
        Assert.Equal(3, result.Rounds.Count);
        AssertRound(result.Rounds[0], new() { ["a"] = 4, ["b"] = 3, ["c"] = 2, ["d"] = 2 }, exhausted: 0, eliminated: "d");
        AssertRound(result.Rounds[1], new() { ["a"] = 4, ["b"] = 3, ["c"] = 3 }, exhausted: 1, eliminated: "c");
        AssertRound(result.Rounds[2], new() { ["a"] = 4, ["b"] = 5 }, exhausted: 2, eliminated: null);
        Assert.Equal(new Dictionary<string, int> { ["a"] = 4, ["b"] = 3, ["c"] = 2, ["d"] = 2 }, result.Counts);
    }

    [Fact]
    public void InstantRunoffDeclaresAFirstRoundMajorityAtOnce()
    {
        var result = PollTally.Count(Ranked, Repeat(3, "c", "a").Concat(Repeat(2, "a")).ToList());

        Assert.Equal("c", Assert.Single(result.Rounds).Counts.MaxBy(p => p.Value).Key);
        Assert.Equal("c", result.Winner);
    }

    [Fact]
    public void InstantRunoffWithAnEvenFinalTieEliminatesTheLaterOption()
    {
        // a2 b2 (c, d nothing): c and d go first (d, then c), then a and b tie on votes and first preferences: b goes.
        var result = PollTally.Count(Ranked, Repeat(2, "a").Concat(Repeat(2, "b")).ToList());

        Assert.Equal(["d", "c", "b"], result.Rounds.Select(r => r.Eliminated).Where(e => e is not null));
        Assert.Equal("a", result.Winner);
    }

    [Fact]
    public void MultipleChoiceCountsEveryChosenOption()
    {
        var poll = Ranked with { Kind = PollKind.MultipleChoice, MinChoices = 1, MaxChoices = 3 };

        var result = PollTally.Count(poll, [["a", "b"], ["b", "c", "d"], ["b"]]);

        Assert.Equal(new Dictionary<string, int> { ["a"] = 1, ["b"] = 3, ["c"] = 1, ["d"] = 1 }, result.Counts);
        Assert.Equal("b", result.Winner);
    }

    private static IEnumerable<IReadOnlyList<string>> Repeat(int times, params string[] choices) => Enumerable.Repeat<IReadOnlyList<string>>(choices, times);

    private static void AssertRound(TallyRound round, Dictionary<string, int> counts, int exhausted, string? eliminated)
    {
        Assert.Equal(counts, round.Counts);
        Assert.Equal(exhausted, round.Exhausted);
        Assert.Equal(eliminated, round.Eliminated);
    }
}
