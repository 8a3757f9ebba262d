namespace CoP.Shared.Polls;

/// <summary>One round of counting: votes per continuing option, exhausted ballots, and who left after it.</summary>
public sealed record TallyRound(int Round, IReadOnlyDictionary<string, int> Counts, int Exhausted, string? Eliminated);

/// <summary>The counted ballots of a poll. For ranked polls the option counts are those of the first round.</summary>
public sealed record PollTallyResult(int Ballots, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<TallyRound> Rounds, string? Winner);

/// <summary>
/// Counts ballots in memory. Single and multiple: one vote per chosen option. Ranked: instant runoff.
/// Each round counts every ballot for its highest-ranked option still in the race; a ballot with none left
/// is exhausted. An option with more than half of the round's non-exhausted ballots wins. Otherwise one
/// option is eliminated: the one with the fewest votes in the round; among ties, the one with the fewest
/// first-preference votes (round 1); if still tied, the one that comes last in the poll's option order.
/// The rule only uses the ballots and the poll, so the same ballots always give the same rounds.
/// </summary>
public static class PollTally
{
    public static PollTallyResult Count(Poll poll, IReadOnlyList<IReadOnlyList<string>> ballots)
    {
        if (poll.Kind != PollKind.Ranked)
        {
            var counts = poll.Options.ToDictionary(o => o.Id, _ => 0, StringComparer.Ordinal);
            foreach (var ballot in ballots)
            {
                foreach (var choice in ballot)
                {
                    if (counts.TryGetValue(choice, out var n))
                    {
                        counts[choice] = n + 1;
                    }
                }
            }

            var top = counts.Values.DefaultIfEmpty(0).Max();
            var leaders = poll.Options.Where(o => counts[o.Id] == top && top > 0).ToList();
            var round = new TallyRound(1, counts, 0, null);
            return new PollTallyResult(ballots.Count, counts, [round], leaders.Count == 1 ? leaders[0].Id : null);
        }

        return InstantRunoff(poll, ballots);
    }

    private static PollTallyResult InstantRunoff(Poll poll, IReadOnlyList<IReadOnlyList<string>> ballots)
    {
        var order = poll.Options.Select((o, i) => (o.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);

        // Ballots as arrays of option positions: the rounds then index arrays instead of hashing strings.
        var ranked = ballots.Select(b => b.Where(order.ContainsKey).Select(c => order[c]).ToArray()).ToArray();
        var continuing = new bool[poll.Options.Count];
        Array.Fill(continuing, true);
        var rounds = new List<TallyRound>();
        int[]? firstRound = null;
        string? winner = null;

        for (var roundNumber = 1; ; roundNumber++)
        {
            var counts = new int[poll.Options.Count];
            var exhausted = 0;
            foreach (var ballot in ranked)
            {
                var choice = Array.FindIndex(ballot, o => continuing[o]);
                if (choice < 0)
                {
                    exhausted++;
                }
                else
                {
                    counts[ballot[choice]]++;
                }
            }

            firstRound ??= counts;
            var active = ranked.Length - exhausted;
            var remaining = Enumerable.Range(0, counts.Length).Where(i => continuing[i]).ToList();
            var leader = remaining.FirstOrDefault(i => counts[i] * 2 > active, -1);
            string? eliminated = null;
            if (leader >= 0)
            {
                winner = poll.Options[leader].Id;
            }
            else if (active > 0 && remaining.Count > 1)
            {
                var loser = remaining
                    .OrderBy(i => counts[i])
                    .ThenBy(i => firstRound[i])
                    .ThenByDescending(i => i)
                    .First();
                continuing[loser] = false;
                eliminated = poll.Options[loser].Id;
            }

            rounds.Add(new TallyRound(
                roundNumber,
                remaining.ToDictionary(i => poll.Options[i].Id, i => counts[i], StringComparer.Ordinal),
                exhausted,
                eliminated));
            if (eliminated is null)
            {
                break;
            }
        }

        var firstCounts = poll.Options.Select((o, i) => (o.Id, Votes: firstRound[i])).ToDictionary(p => p.Id, p => p.Votes, StringComparer.Ordinal);
        return new PollTallyResult(ballots.Count, firstCounts, rounds, winner);
    }
}
