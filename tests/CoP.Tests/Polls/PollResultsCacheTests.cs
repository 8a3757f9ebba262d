using CoP.Shared.Polls;
using static CoP.Tests.Polls.PollTestFlows;

namespace CoP.Tests.Polls;

/// <summary>
/// GetPollResults answers from a per-instance count: a ballot shows at once on the instance that recorded it, and on
/// every other instance once <c>Polls__ResultsCacheDuration</c> has passed. Two test apps over the same tables stand for
/// two instances; their shared fake clock moves the time.
/// </summary>
public sealed class PollResultsCacheTests(StorageFixture storage)
{
    [Fact]
    public async Task ABallotShowsInTheNextResultsOfTheInstanceThatRecordedIt()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition());
        Assert.Equal(0, (await ResultsAsync(app, pollId)).Json().GetProperty("ballots").GetInt32());

        Assert.Equal(200, (await VoteAsync(app, pollId, (await MemberAsync(app)).Token, "a")).Status);
        var first = await ResultsAsync(app, pollId);
        Assert.Equal(200, (await VoteAsync(app, pollId, (await MemberAsync(app)).Token, "b")).Status);
        var second = await ResultsAsync(app, pollId);

        Assert.Equal(new Dictionary<string, int> { ["a"] = 1, ["b"] = 0, ["c"] = 0 }, Votes(first));
        Assert.Equal(new Dictionary<string, int> { ["a"] = 1, ["b"] = 1, ["c"] = 0 }, Votes(second));
    }

    [Fact]
    public async Task ABallotRecordedOnAnotherInstanceShowsOnceTheCacheDurationHasPassed()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        await using var other = TestApp.Create(storage, prefix: app.Prefix, time: time);
        var pollId = await PollAsync(app, Definition());
        Assert.Equal(200, (await VoteAsync(app, pollId, (await MemberAsync(app)).Token, "a")).Status);
        Assert.Equal(1, (await ResultsAsync(app, pollId)).Json().GetProperty("ballots").GetInt32());

        Assert.Equal(200, (await VoteAsync(other, pollId, (await MemberAsync(other)).Token, "b")).Status);
        var within = await ResultsAsync(app, pollId);
        time.Advance(TimeSpan.FromSeconds(1.9));
        var almost = await ResultsAsync(app, pollId);
        time.Advance(TimeSpan.FromSeconds(0.1));
        var after = await ResultsAsync(app, pollId);

        Assert.Equal(1, within.Json().GetProperty("ballots").GetInt32());
        Assert.Equal(1, almost.Json().GetProperty("ballots").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["a"] = 1, ["b"] = 1, ["c"] = 0 }, Votes(after));
        Assert.Equal(2, (await ResultsAsync(other, pollId)).Json().GetProperty("ballots").GetInt32());
    }

    [Fact]
    public async Task AnEarlyCloseOnAnotherInstanceShowsTheFinalResultsAtOnce()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        await using var other = TestApp.Create(storage, prefix: app.Prefix, time: time);
        var pollId = await PollAsync(app, Definition());
        Assert.Equal(200, (await VoteAsync(app, pollId, (await MemberAsync(app)).Token, "a")).Status);
        Assert.False((await ResultsAsync(app, pollId)).Json().GetProperty("closed").GetBoolean());
        time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(200, (await VoteAsync(other, pollId, (await MemberAsync(other)).Token, "b")).Status);
        time.Advance(TimeSpan.FromSeconds(0.5));

        Assert.Equal(200, (await CloseAsync(other, pollId)).Status);
        var closed = (await ResultsAsync(app, pollId)).Json();

        // The final results, although this instance's count of the open poll is not a second old.
        Assert.True(closed.GetProperty("closed").GetBoolean());
        Assert.Equal(2, closed.GetProperty("ballots").GetInt32());
    }

    [Fact]
    public async Task AZeroDurationCountsOnEveryRequest()
    {
        var settings = new Dictionary<string, string?> { ["Polls:ResultsCacheDuration"] = "00:00:00" };
        var (app, time) = CreateApp(storage, settings);
        await using var _app = app;
        await using var other = TestApp.Create(storage, settings, prefix: app.Prefix, time: time);
        var pollId = await PollAsync(app, Definition());
        Assert.Equal(0, (await ResultsAsync(app, pollId)).Json().GetProperty("ballots").GetInt32());

        Assert.Equal(200, (await VoteAsync(other, pollId, (await MemberAsync(other)).Token, "c")).Status);

        Assert.Equal(1, (await ResultsAsync(app, pollId)).Json().GetProperty("ballots").GetInt32());
    }

    [Fact]
    public async Task ConcurrentRequestsShareOneCountAndAllSeeTheSameResults()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(kind: "ranked"));
        var store = app.Get<PollStore>();
        for (var i = 0; i < 300; i++)
        {
            await store.UpsertBallotAsync(pollId, $"b{i:D4}", i % 3 == 0 ? ["a", "b"] : ["c"], Start, Ct);
        }

        var poll = (await app.Get<PollService>().GetAsync(pollId, Ct))!;
        var cache = app.Get<PollResultsCache>();
        var counts = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => cache.GetAsync(poll, Ct)));

        Assert.All(counts, c => Assert.Equal(300, c.Ballots));
        Assert.Single(counts.Distinct());
        Assert.Equal(200, Assert.Single(counts.Select(c => c.Tally!.Counts["c"]).Distinct()));
    }
}
