using System.Text.Json;
using CoP.TestSupport;
using static CoP.Tests.Polls.PollTestFlows;

namespace CoP.Tests.Polls;

/// <summary>
/// Who may vote: members who confirmed their registration before the poll's <c>eligibleConfirmedBefore</c> (by default
/// its opening time), so that nobody signs up during a poll to vote in it.
/// </summary>
public sealed class PollEligibilityTests(StorageFixture storage)
{
    [Fact]
    public async Task CastBallotAnswers403ProblemDetailsWhenTheMemberConfirmedAtOrAfterTheOpening()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition());
        var (_, atOpening) = await MemberAsync(app, confirmedAt: Start);
        var (_, justBefore) = await MemberAsync(app, confirmedAt: Start.AddTicks(-1));

        var refused = await VoteAsync(app, pollId, atOpening, "a");
        var accepted = await VoteAsync(app, pollId, justBefore, "a");

        Assert.Equal(403, refused.Status);
        Assert.Equal("application/problem+json", refused.ContentType);
        Assert.Equal("You are not eligible to vote in this poll.", refused.Json().GetProperty("title").GetString());
        Assert.Contains("confirmed their registration before 2026-11-02T08:00:00", refused.Json().GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(200, accepted.Status);
        Assert.Equal(1, (await ResultsAsync(app, pollId)).Json().GetProperty("ballots").GetInt32());
        Assert.Single(await BallotKeyTests.BallotRowsAsync(app, pollId));
    }

    [Fact]
    public async Task AFreshSignUpDuringThePollCannotVoteInItButCanInTheNextPoll()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var running = await PollAsync(app, Definition());
        time.Advance(TimeSpan.FromHours(1));

        var (member, _) = await Members.MemberTestFlows.ConfirmedMemberAsync(app, "newcomer@example.org");
        var token = VoteToken(app, member.MemberId, running);
        time.Advance(TimeSpan.FromMinutes(1));
        var next = await PollAsync(app, Definition());

        Assert.Equal(403, (await VoteAsync(app, running, token, "a")).Status);
        Assert.Equal(200, (await VoteAsync(app, next, VoteToken(app, member.MemberId, next), "a")).Status);
    }

    [Fact]
    public async Task CreatePollStoresAnExplicitCutOffAndEveryPollAnswerShowsIt()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var cutOff = Start.AddDays(2);

        var created = await CreateAsync(app, Definition(change: d => d["eligibleConfirmedBefore"] = cutOff));
        var pollId = created.Json().GetProperty("pollId").GetString()!;
        var byDefault = await PollAsync(app, Definition(change: d => d["opensAt"] = Start.AddDays(1)));

        Assert.Equal(201, created.Status);
        Assert.Equal(cutOff, created.Json().GetProperty("eligibleConfirmedBefore").GetDateTimeOffset());
        Assert.Equal(cutOff, (await GetAsync(app, pollId)).Json().GetProperty("eligibleConfirmedBefore").GetDateTimeOffset());
        Assert.Equal(Start.AddDays(1), (await GetAsync(app, byDefault)).Json().GetProperty("eligibleConfirmedBefore").GetDateTimeOffset());
        var listed = (await ListAsync(app)).Json().GetProperty("polls").EnumerateArray().Single(p => p.GetProperty("pollId").GetString() == pollId);
        Assert.Equal(cutOff, listed.GetProperty("eligibleConfirmedBefore").GetDateTimeOffset());
        var (_, confirmedAfterOpening) = await MemberAsync(app, confirmedAt: Start.AddDays(1));
        Assert.Equal(200, (await VoteAsync(app, pollId, confirmedAfterOpening, "a")).Status);
    }

    [Theory]
    [InlineData("\"2026-11-20T00:00:00Z\"")]
    [InlineData("\"1500-01-01T00:00:00Z\"")]
    [InlineData("\"soon\"")]
    [InlineData("42")]
    public async Task CreatePollAnswers400NamingTheCutOffWhenItIsNotAUsableTime(string value)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var definition = JsonSerializer.Serialize(Definition(), JsonSerializerOptions.Web);
        var body = definition[..^1] + ",\"eligibleConfirmedBefore\":" + value + "}";

        var response = await CreateRawAsync(app, body, "application/json");

        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Contains("eligibleConfirmedBefore", response.Json().GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(0, await Members.MemberTestFlows.RowCountAsync(app, "Polls"));
    }

    [Fact]
    public async Task TheBallotPageSaysWhyALateMemberCannotVoteAndOffersNoForm()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, Definition());
        var (memberId, _) = await MemberAsync(app, confirmedAt: Start.AddMinutes(5));
        var token = VoteToken(app, memberId, pollId);

        var page = await PageAsync(app, pollId, token);
        var posted = await VoteFormAsync(app, pollId, [new("token", token), new("choices", "a")]);

        Assert.Equal(200, page.Status);
        Assert.DoesNotContain("<form", page.Body, StringComparison.Ordinal);
        Assert.Contains("confirmed their registration before 2026-11-02T08:00:00", page.Body, StringComparison.Ordinal);
        Assert.Contains("you cannot vote in this poll", page.Body, StringComparison.Ordinal);
        Assert.Equal(403, posted.Status);
        Assert.StartsWith("text/html", posted.ContentType, StringComparison.Ordinal);
        Assert.Contains("You are not eligible to vote in this poll.", posted.Body, StringComparison.Ordinal);
        Assert.Empty(await BallotKeyTests.BallotRowsAsync(app, pollId));
    }

    private static async Task<TestResponse> PageAsync(TestApp app, string pollId, string token)
    {
        // The vote link becomes the browser's session (303), then the page opens without the token.
        return await new PollBrowser(app).OpenAsync($"/api/polls/{pollId}?token={Uri.EscapeDataString(token)}");
    }
}
