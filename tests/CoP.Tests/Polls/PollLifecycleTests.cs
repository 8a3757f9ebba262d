using CoP.Shared.Members;
using static CoP.Tests.Polls.PollTestFlows;

namespace CoP.Tests.Polls;

/// <summary>Polls from creation to results through the HTTP functions, against the real storage.</summary>
public sealed class PollLifecycleTests(StorageFixture storage)
{
    [Fact]
    public async Task CreatePollAnswersTheStoredPollAndGetPollReadsItBack()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var definition = Definition(kind: "multiple", change: d =>
        {
            d["maxChoices"] = 2;
            ((List<Dictionary<string, object?>>)d["options"]!)[0]["topic"] = "biochar";
        });

        var created = await CreateAsync(app, definition);

        Assert.Equal(201, created.Status);
        var pollId = created.Json().GetProperty("pollId").GetString()!;
        Assert.Equal($"/api/polls/{pollId}", created.Headers.Location.ToString());
        var poll = (await GetAsync(app, pollId)).Json();
        Assert.Equal("multiple", poll.GetProperty("kind").GetString());
        Assert.Equal(1, poll.GetProperty("minChoices").GetInt32());
        Assert.Equal(2, poll.GetProperty("maxChoices").GetInt32());
        Assert.Equal("open", poll.GetProperty("state").GetString());
        Assert.Equal("always", poll.GetProperty("resultsVisibility").GetString());
        Assert.Equal("biochar", poll.GetProperty("options")[0].GetProperty("topic").GetString());
        Assert.Equal(404, (await GetAsync(app, "0123456789abcdef0123456789abcdef")).Status);
        Assert.Equal(404, (await GetAsync(app, "../../etc")).Status);
    }

    [Fact]
    public async Task SingleChoicePollCountsOneVotePerMember()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(kind: "single"));
        foreach (var choice in new[] { "a", "b", "b" })
        {
            Assert.Equal(200, (await VoteAsync(app, pollId, (await MemberAsync(app)).Token, choice)).Status);
        }

        var (_, token) = await MemberAsync(app);
        var twoChoices = await VoteAsync(app, pollId, token, "a", "b");

        Assert.Equal(400, twoChoices.Status);
        var results = await ResultsAsync(app, pollId);
        Assert.Equal(200, results.Status);
        Assert.Equal(new Dictionary<string, int> { ["a"] = 1, ["b"] = 2, ["c"] = 0 }, Votes(results));
        Assert.Equal(3, results.Json().GetProperty("ballots").GetInt32());
        Assert.Equal("b", results.Json().GetProperty("winner").GetString());
        Assert.False(results.Json().GetProperty("closed").GetBoolean());
    }

    [Fact]
    public async Task MultipleChoicePollEnforcesMinAndMaxChoices()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(kind: "multiple", optionCount: 4, change: d => (d["minChoices"], d["maxChoices"]) = (2, 3)));
        var (_, token) = await MemberAsync(app);

        Assert.Equal(400, (await VoteAsync(app, pollId, token, "a")).Status);
        Assert.Equal(400, (await VoteAsync(app, pollId, token, "a", "b", "c", "d")).Status);
        Assert.Equal(400, (await VoteAsync(app, pollId, token, "a", "a")).Status);
        Assert.Equal(200, (await VoteAsync(app, pollId, token, "a", "c")).Status);
        Assert.Equal(200, (await VoteAsync(app, pollId, (await MemberAsync(app)).Token, "a", "b", "d")).Status);

        Assert.Equal(new Dictionary<string, int> { ["a"] = 2, ["b"] = 1, ["c"] = 1, ["d"] = 1 }, Votes(await ResultsAsync(app, pollId)));
    }

    [Fact]
    public async Task RankedPollShowsEveryRoundOfTheHandCheckedExample()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(kind: "ranked", optionCount: 4));
        var ballots = Enumerable.Repeat(new[] { "a" }, 4)
            .Concat(Enumerable.Repeat(new[] { "b", "c" }, 3))
            .Concat(Enumerable.Repeat(new[] { "c", "b" }, 2))
            .Append(["d", "c"]).Append(["d"]);
        foreach (var ballot in ballots)
        {
            Assert.Equal(200, (await VoteAsync(app, pollId, (await MemberAsync(app)).Token, ballot)).Status);
        }

        var results = (await ResultsAsync(app, pollId)).Json();

        Assert.Equal(11, results.GetProperty("ballots").GetInt32());
        Assert.Equal("b", results.GetProperty("winner").GetString());
        var rounds = results.GetProperty("rounds").EnumerateArray().ToList();
        Assert.Equal(3, rounds.Count);
        Assert.Equal("d", rounds[0].GetProperty("eliminated").GetString());
        Assert.Equal("c", rounds[1].GetProperty("eliminated").GetString());
        Assert.Equal(1, rounds[1].GetProperty("exhausted").GetInt32());
        Assert.Equal(5, rounds[2].GetProperty("counts").GetProperty("b").GetInt32());
        Assert.Equal(4, rounds[2].GetProperty("counts").GetProperty("a").GetInt32());
        Assert.Equal(2, rounds[2].GetProperty("exhausted").GetInt32());
    }

    [Fact]
    public async Task RankedPollRefusesMoreRanksThanMaxChoices()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(kind: "ranked", optionCount: 4, change: d => d["maxChoices"] = 2));
        var (_, token) = await MemberAsync(app);

        Assert.Equal(400, (await VoteAsync(app, pollId, token, "a", "b", "c")).Status);
        Assert.Equal(200, (await VoteAsync(app, pollId, token, "c", "a")).Status);
    }

    [Fact]
    public async Task AChangedBallotReplacesTheEarlierOne()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition());
        var (memberId, token) = await MemberAsync(app);

        Assert.Equal(200, (await VoteAsync(app, pollId, token, "a")).Status);
        Assert.Equal(200, (await VoteAsync(app, pollId, token, "c")).Status);

        Assert.Equal(new Dictionary<string, int> { ["a"] = 0, ["b"] = 0, ["c"] = 1 }, Votes(await ResultsAsync(app, pollId)));
        // One row, and it does not name its member.
        var ballot = Assert.Single(await app.Table("Ballots").QueryAsync<Azure.Data.Tables.TableEntity>(cancellationToken: Ct).ToListAsync(Ct));
        Assert.DoesNotContain(memberId, System.Text.Json.JsonSerializer.Serialize(ballot), StringComparison.Ordinal);
        Assert.Equal("c", ballot.GetString("Choices"));
    }

    [Fact]
    public async Task ResultsBelowTheMinimumBallotCountAreWithheldFromEveryone()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(minBallots: 3));
        for (var i = 0; i < 2; i++)
        {
            await VoteAsync(app, pollId, (await MemberAsync(app)).Token, "a");
        }

        var hidden = (await ResultsAsync(app, pollId)).Json();
        Assert.True(hidden.GetProperty("withheld").GetBoolean());
        Assert.Equal(2, hidden.GetProperty("ballots").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, hidden.GetProperty("options").ValueKind);
        Assert.True((await ExportAsync(app, pollId)).Json().GetProperty("withheld").GetBoolean());
        Assert.DoesNotContain("Option A", (await ExportAsync(app, pollId, "csv")).Body, StringComparison.Ordinal);

        await VoteAsync(app, pollId, (await MemberAsync(app)).Token, "b");

        var shown = await ResultsAsync(app, pollId);
        Assert.False(shown.Json().GetProperty("withheld").GetBoolean());
        Assert.Equal(new Dictionary<string, int> { ["a"] = 2, ["b"] = 1, ["c"] = 0 }, Votes(shown));
    }

    [Fact]
    public async Task AfterVoteResultsAreShownToMembersWhoVotedThenToEveryoneOnceClosed()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(visibility: "after-vote"));
        var (_, voter) = await MemberAsync(app);
        var (_, other) = await MemberAsync(app);
        await VoteAsync(app, pollId, voter, "a");

        Assert.Equal(403, (await ResultsAsync(app, pollId)).Status);
        Assert.Equal(403, (await ResultsAsync(app, pollId, other)).Status);
        Assert.Equal(401, (await ResultsAsync(app, pollId, "not-a-token")).Status);
        Assert.Equal(200, (await ResultsAsync(app, pollId, voter)).Status);
        Assert.Equal(200, (await ExportAsync(app, pollId)).Status);

        time.Advance(TimeSpan.FromDays(8));

        Assert.Equal(200, (await ResultsAsync(app, pollId)).Status);
    }

    [Fact]
    public async Task AfterCloseResultsAreShownOnceThePollClosesByItself()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(visibility: "after-close"));
        var (memberId, _) = await MemberAsync(app);
        var token = VoteToken(app, memberId, pollId);
        await VoteAsync(app, pollId, token, "b");

        Assert.Equal(403, (await ResultsAsync(app, pollId, token)).Status);
        Assert.Equal(1, Votes(await ExportAsync(app, pollId))["b"]);

        time.Advance(TimeSpan.FromDays(7));

        var results = await ResultsAsync(app, pollId);
        Assert.Equal(200, results.Status);
        Assert.True(results.Json().GetProperty("closed").GetBoolean());
        Assert.Equal("closed", (await GetAsync(app, pollId)).Json().GetProperty("state").GetString());
        Assert.Equal(409, (await VoteAsync(app, pollId, token, "a")).Status);
        Assert.Equal(1, Votes(results)["b"]);
    }

    [Fact]
    public async Task AdminsOnlyResultsAreNeverPublicButAlwaysExported()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(visibility: "admins"));
        var (_, token) = await MemberAsync(app);
        await VoteAsync(app, pollId, token, "c");
        time.Advance(TimeSpan.FromDays(30));

        Assert.Equal(403, (await ResultsAsync(app, pollId, token)).Status);
        Assert.Equal(1, Votes(await ExportAsync(app, pollId))["c"]);
    }

    [Fact]
    public async Task AlwaysResultsArePublicWhileOpen()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(visibility: "always"));

        var results = await ResultsAsync(app, pollId);

        Assert.Equal(200, results.Status);
        Assert.Equal(0, results.Json().GetProperty("ballots").GetInt32());
        Assert.True(results.Json().GetProperty("withheld").GetBoolean());
    }

    [Fact]
    public async Task ClosePollEndsVotingEarlyAndIsIdempotent()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(visibility: "after-close"));
        var (memberId, _) = await MemberAsync(app);
        var token = VoteToken(app, memberId, pollId);
        await VoteAsync(app, pollId, token, "a");
        time.Advance(TimeSpan.FromHours(1));

        var closed = await CloseAsync(app, pollId);

        Assert.Equal(200, closed.Status);
        Assert.Equal("closed", closed.Json().GetProperty("state").GetString());
        Assert.Equal(200, (await CloseAsync(app, pollId)).Status);
        Assert.Equal(404, (await CloseAsync(app, "0123456789abcdef0123456789abcdef")).Status);
        var refused = await VoteAsync(app, pollId, token, "b");
        Assert.Equal(409, refused.Status);
        Assert.Contains("closed", refused.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, Votes(await ResultsAsync(app, pollId))["a"]);
    }

    [Fact]
    public async Task ListPollsShowsOpenAndRecentlyClosedPollsOnly()
    {
        var (app, time) = CreateApp(storage, new Dictionary<string, string?> { ["Polls:RecentlyClosedDays"] = "10" });
        await using var _app = app;
        var old = await PollAsync(app, Definition(change: d => d["closesAt"] = Start.AddDays(1)));
        var recent = await PollAsync(app, Definition(change: d => d["closesAt"] = Start.AddDays(10)));
        var open = await PollAsync(app, Definition(change: d => d["closesAt"] = Start.AddDays(30)));
        var scheduled = await PollAsync(app, Definition(change: d => (d["opensAt"], d["closesAt"]) = (Start.AddDays(20), Start.AddDays(30))));

        time.Advance(TimeSpan.FromDays(15));

        var listed = (await ListAsync(app)).Json().GetProperty("polls").EnumerateArray().Select(p => p.GetProperty("pollId").GetString()).ToList();
        Assert.Equal([open, recent], listed);
        Assert.DoesNotContain(old, listed);
        Assert.DoesNotContain(scheduled, listed);
        Assert.Equal("scheduled", (await GetAsync(app, scheduled)).Json().GetProperty("state").GetString());
    }

    [Fact]
    public async Task EveryRefusedBallotGetsItsOwn4xx()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition());
        var scheduled = await PollAsync(app, Definition(change: d => d["opensAt"] = Start.AddDays(1)));
        var (_, token) = await MemberAsync(app);
        var (_, pendingToken) = await MemberAsync(app, MemberStatus.Pending);
        var (erasedId, erasedToken) = await MemberAsync(app);
        Assert.True(await app.Get<MemberAccountService>().EraseAsync(erasedId, new RequestOrigin(null, "test"), Ct));
        var confirmToken = app.Get<MemberTokenService>().Issue(erasedId, 0, TokenPurpose.Confirm);

        Assert.Equal(404, (await VoteAsync(app, "0123456789abcdef0123456789abcdef", token, "a")).Status);
        Assert.Equal(404, (await VoteAsync(app, "not-a-poll", token, "a")).Status);
        Assert.Equal(409, (await VoteAsync(app, scheduled, token, "a")).Status);
        Assert.Equal(401, (await VoteAsync(app, pollId, null, "a")).Status);
        Assert.Equal(401, (await VoteAsync(app, pollId, "garbage", "a")).Status);
        Assert.Equal(401, (await VoteAsync(app, pollId, token[..^2] + "xx", "a")).Status);
        Assert.Equal(401, (await VoteAsync(app, pollId, pendingToken, "a")).Status);
        Assert.Equal(401, (await VoteAsync(app, pollId, erasedToken, "a")).Status);
        Assert.Equal(401, (await VoteAsync(app, pollId, confirmToken, "a")).Status);
        Assert.Equal(400, (await VoteAsync(app, pollId, token, "z")).Status);
        Assert.Equal(400, (await VoteAsync(app, pollId, token)).Status);
        Assert.Equal(415, (await VoteRawAsync(app, pollId, token, "choices=a", "text/plain")).Status);
        Assert.Equal(413, (await VoteRawAsync(app, pollId, token, "{\"choices\":[\"" + new string('a', 5000) + "\"]}", "application/json")).Status);
        Assert.Equal(0, await Members.MemberTestFlows.RowCountAsync(app, "Ballots"));
    }

    [Fact]
    public async Task BrowserFormBallotsAreRedirectedToTheConfiguredPage()
    {
        var (app, _) = CreateApp(storage, new Dictionary<string, string?> { ["Polls:BallotCastPageUrl"] = "https://community.example.org/voted" });
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(kind: "ranked"));
        var (_, token) = await MemberAsync(app);

        var response = await VoteFormAsync(app, pollId, [new("token", token), new("choices", "c"), new("choices", "a")]);

        Assert.Equal(303, response.Status);
        Assert.Equal("https://community.example.org/voted", response.Headers.Location.ToString());
        var rounds = (await ResultsAsync(app, pollId)).Json().GetProperty("rounds");
        Assert.Equal(1, rounds[0].GetProperty("counts").GetProperty("c").GetInt32());
    }

    [Fact]
    public async Task BrowserFormBallotsGetSmallPagesWithoutAConfiguredPage()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition());
        var (_, token) = await MemberAsync(app);

        var recorded = await VoteFormAsync(app, pollId, [new("token", token), new("choices", "b")]);
        var badToken = await VoteFormAsync(app, pollId, [new("token", "expired"), new("choices", "b")]);
        var badChoice = await VoteFormAsync(app, pollId, [new("token", token), new("choices", "b"), new("choices", "c")]);
        var script = await VoteFormAsync(app, pollId, [new("token", token), new("choices", "a")], browser: false);

        Assert.Equal(200, recorded.Status);
        Assert.StartsWith("text/html", recorded.ContentType, StringComparison.Ordinal);
        Assert.Equal(401, badToken.Status);
        Assert.StartsWith("text/html", badToken.ContentType, StringComparison.Ordinal);
        Assert.Equal(400, badChoice.Status);
        Assert.Equal(200, script.Status);
        Assert.StartsWith("application/json", script.ContentType, StringComparison.Ordinal);
        Assert.Equal(1, Votes(await ResultsAsync(app, pollId))["a"]);
    }

    [Fact]
    public async Task ExportPollResultsWritesCsvCountsWithRoundsAndNoVoters()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition(kind: "ranked", change: d => ((List<Dictionary<string, object?>>)d["options"]!)[1]["label"] = "=SUM(A1:A9)"));
        var voters = new List<string>();
        foreach (var ballot in new[] { new[] { "a", "b" }, ["b"], ["c", "b"] })
        {
            var (memberId, token) = await MemberAsync(app);
            voters.Add(memberId);
            await VoteAsync(app, pollId, token, ballot);
        }

        var csv = await ExportAsync(app, pollId, "csv");

        Assert.Equal(200, csv.Status);
        Assert.StartsWith("text/csv", csv.ContentType, StringComparison.Ordinal);
        var lines = csv.Body.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("pollId,round,optionId,label,topic,votes,outcome", lines[0]);
        Assert.Contains($"{pollId},1,c,Option C,,1,eliminated", lines);
        // Escaped by a leading apostrophe (and quoted by CsvHelper), so a spreadsheet shows it as text.
        Assert.Contains($"{pollId},2,b,\"'=SUM(A1:A9)\",,2,winner", lines);
        Assert.Contains($"{pollId},,,ballots,,3,", lines);
        Assert.All(voters, v => Assert.DoesNotContain(v, csv.Body, StringComparison.Ordinal));
        Assert.Equal(400, (await ExportAsync(app, pollId, "xml")).Status);
        Assert.Equal(404, (await ExportAsync(app, "0123456789abcdef0123456789abcdef")).Status);
    }
}
