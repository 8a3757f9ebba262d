using static CoP.Tests.Polls.PollTestFlows;

namespace CoP.Tests.Polls;

public sealed class BallotConcurrencyTests(StorageFixture storage)
{
    /// <summary>
    /// 500 members vote at once through CastBallot; 200 of them change their ballot while the others are still
    /// voting. The results equal a count of each member's last ballot, exactly.
    /// </summary>
    [Fact]
    public async Task ConcurrentBallotsAndChangesCountEachMembersLastBallotExactly()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(kind: "multiple", optionCount: 5, change: d => d["maxChoices"] = 3));
        var members = await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => MemberAsync(app)));
        var random = new Random(20261102);
        var ids = new[] { "a", "b", "c", "d", "e" };
        string[] RandomBallot() => ids.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToArray();
        var first = members.Select(_ => RandomBallot()).ToArray();
        var second = members.Select((_, i) => i % 5 < 2 ? RandomBallot() : null).ToArray();
        Assert.Equal(200, second.Count(b => b is not null));

        var statuses = await Task.WhenAll(members.Select(async (member, i) =>
        {
            var answers = new List<int> { (await VoteAsync(app, pollId, member.Token, first[i])).Status };
            if (second[i] is { } changed)
            {
                answers.Add((await VoteAsync(app, pollId, member.Token, changed)).Status);
            }

            return answers;
        }));

        Assert.All(statuses.SelectMany(s => s), status => Assert.Equal(200, status));
        var expected = ids.ToDictionary(id => id, id => members.Select((_, i) => second[i] ?? first[i]).Count(ballot => ballot.Contains(id)));
        var results = await ResultsAsync(app, pollId);
        Assert.Equal(expected, Votes(results));
        Assert.Equal(500, results.Json().GetProperty("ballots").GetInt32());
        Assert.Equal(500, await Members.MemberTestFlows.RowCountAsync(app, "Ballots"));
    }
}
