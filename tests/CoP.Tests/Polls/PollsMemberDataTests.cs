using System.Text.Json;
using CoP.Functions.Members;
using CoP.Shared.Members;
using CoP.Shared.Polls;
using CoP.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static CoP.Tests.Polls.PollTestFlows;

namespace CoP.Tests.Polls;

/// <summary>
/// A member's ballots in their export and erase: found by recomputing the ballot key, deleted from open polls so that a
/// person who erases and registers again never counts twice, unlinked (not deleted) in closed polls.
/// </summary>
public sealed class PollsMemberDataTests(StorageFixture storage)
{
    [Fact]
    public async Task ExportListsTheMembersBallotsInOpenPollsWithQuestionAndChoices()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var ranked = await PollAsync(app, Definition(kind: "ranked", change: d => d["question"] = "Rank the field days"));
        var single = await PollAsync(app, Definition());
        var closed = await PollAsync(app, Definition());
        var notVoted = await PollAsync(app, Definition());
        var (memberId, token) = await MemberAsync(app);
        Assert.Equal(200, (await VoteAsync(app, ranked, token, "c", "a")).Status);
        Assert.Equal(200, (await VoteAsync(app, single, token, "b")).Status);
        Assert.Equal(200, (await VoteAsync(app, closed, token, "a")).Status);
        Assert.Equal(200, (await VoteAsync(app, notVoted, (await MemberAsync(app)).Token, "a")).Status);
        Assert.Equal(200, (await CloseAsync(app, closed)).Status);

        var ballots = (await ExportAsync(app, token)).GetProperty("records").GetProperty("ballots").EnumerateArray()
            .ToDictionary(b => b.GetProperty("pollId").GetString()!);

        Assert.Equal(new[] { ranked, single }.Order(), ballots.Keys.Order());
        Assert.Equal("Rank the field days", ballots[ranked].GetProperty("question").GetString());
        Assert.Equal(["c", "a"], ballots[ranked].GetProperty("choices").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["b"], ballots[single].GetProperty("choices").EnumerateArray().Select(c => c.GetString()));
        Assert.DoesNotContain(memberId, JsonSerializer.Serialize(ballots), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterEraseAndReRegistrationTheOldBallotIsGoneAndTheNewMemberMayNotVote()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var (member, _) = await Members.MemberTestFlows.ConfirmedMemberAsync(app, "amina.diallo@example.org");
        time.Advance(TimeSpan.FromMinutes(1));
        var pollId = await PollAsync(app, Definition());
        Assert.Equal(200, (await VoteAsync(app, pollId, VoteToken(app, member.MemberId, pollId), "a")).Status);
        Assert.Equal(200, (await VoteAsync(app, pollId, (await MemberAsync(app)).Token, "b")).Status);
        Assert.Equal(new Dictionary<string, int> { ["a"] = 1, ["b"] = 1, ["c"] = 0 }, Votes(await ResultsAsync(app, pollId)));

        Assert.True(await app.Get<MemberAccountService>().EraseAsync(member.MemberId, new RequestOrigin(null, "test"), Ct));
        var afterErase = await ResultsAsync(app, pollId);
        time.Advance(TimeSpan.FromMinutes(1));
        var (again, _) = await Members.MemberTestFlows.ConfirmedMemberAsync(app, "amina.diallo@example.org");
        var revote = await VoteAsync(app, pollId, VoteToken(app, again.MemberId, pollId), "a");

        Assert.Equal(1, afterErase.Json().GetProperty("ballots").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["a"] = 0, ["b"] = 1, ["c"] = 0 }, Votes(afterErase));
        Assert.NotEqual(member.MemberId, again.MemberId);
        Assert.Equal(403, revote.Status);
        Assert.Equal(new Dictionary<string, int> { ["a"] = 0, ["b"] = 1, ["c"] = 0 }, Votes(await ResultsAsync(app, pollId)));
        Assert.Single(await BallotKeyTests.BallotRowsAsync(app, pollId));
    }

    [Fact]
    public async Task EraseDeletesTheBallotOfAnOpenHashKeyPollToo()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition());
        await BallotKeyTests.MakeLegacyAsync(app, pollId);
        var (memberId, token) = await MemberAsync(app);
        Assert.Equal(200, (await VoteAsync(app, pollId, token, "a")).Status);
        Assert.Single((await ExportAsync(app, token)).GetProperty("records").GetProperty("ballots").EnumerateArray());

        Assert.True(await app.Get<MemberAccountService>().EraseAsync(memberId, new RequestOrigin(null, "test"), Ct));

        Assert.Empty(await BallotKeyTests.BallotRowsAsync(app, pollId));
        Assert.Equal(0, (await ResultsAsync(app, pollId)).Json().GetProperty("ballots").GetInt32());
    }

    [Fact]
    public async Task EraseKeepsAClosedPollsResultsButNoKeyLeadsToTheBallotAnyMore()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition());
        var (memberId, token) = await MemberAsync(app);
        Assert.Equal(200, (await VoteAsync(app, pollId, token, "c")).Status);
        Assert.Equal(200, (await VoteAsync(app, pollId, (await MemberAsync(app)).Token, "a")).Status);
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(200, (await CloseAsync(app, pollId)).Status);
        var before = Votes(await ResultsAsync(app, pollId));
        var member = (await app.Get<MemberStore>().GetAsync(memberId, Ct))!;
        var poll = (await app.Get<PollService>().GetAsync(pollId, Ct))!;
        var linkedKey = app.Get<BallotKeys>().For(poll, memberId);
        var holder = Assert.Single(app.Services.GetServices<IMemberDataHolder>().OfType<PollsMemberData>());

        await holder.EraseAsync(member, Ct);
        var once = await BallotKeyTests.BallotRowsAsync(app, pollId);
        await holder.EraseAsync(member, Ct);

        Assert.Equal(new Dictionary<string, int> { ["a"] = 1, ["b"] = 0, ["c"] = 1 }, before);
        Assert.Equal(before, Votes(await ResultsAsync(app, pollId)));
        Assert.Equal(before, Votes(await ExportResultsAsync(app, pollId)));
        Assert.Equal(2, once.Count);
        Assert.DoesNotContain(linkedKey, once.Select(r => r.RowKey));
        Assert.Equal(once.Select(r => r.RowKey).Order(), (await BallotKeyTests.BallotRowsAsync(app, pollId)).Select(r => r.RowKey).Order());
        Assert.Null(await app.Get<PollStore>().GetBallotAsync(pollId, linkedKey, Ct));
    }

    [Fact]
    public async Task EraseIsIdempotentInAnOpenPoll()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition());
        var (memberId, token) = await MemberAsync(app);
        Assert.Equal(200, (await VoteAsync(app, pollId, token, "b")).Status);
        var member = (await app.Get<MemberStore>().GetAsync(memberId, Ct))!;
        var holder = Assert.Single(app.Services.GetServices<IMemberDataHolder>().OfType<PollsMemberData>());

        await holder.EraseAsync(member, Ct);
        await holder.EraseAsync(member, Ct);

        Assert.Empty(await BallotKeyTests.BallotRowsAsync(app, pollId));
        Assert.Empty(Assert.IsAssignableFrom<IEnumerable<MemberBallot>>(await holder.ExportAsync(member, Ct)));
    }

    private static async Task<JsonElement> ExportAsync(TestApp app, string token)
    {
        var request = app.Get("/api/members/me/export").WithHeader("Authorization", $"Bearer {token}");
        var response = await TestResponse.ExecuteAsync(await app.Function<ExportMyDataFunction>().ExportMyData(request, Ct), request);
        Assert.Equal(200, response.Status);
        return response.Json();
    }

    private static Task<TestResponse> ExportResultsAsync(TestApp app, string pollId) => PollTestFlows.ExportAsync(app, pollId);
}
