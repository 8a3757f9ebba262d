using CoP.Shared.DomainEvents;
using static CoP.Tests.DomainEvents.DomainEventTestFlows;
using static CoP.Tests.Polls.PollTestFlows;

namespace CoP.Tests.DomainEvents;

/// <summary><c>poll.opened</c> and <c>poll.closed</c>: written once each, by the timer as the clock moves and by the operators' actions.</summary>
public sealed class PollDomainEventTests(StorageFixture storage)
{
    private static Dictionary<string, object?> WithTopic(string visibility = "always", int minBallots = 1, string? opensAt = null) =>
        Definition(visibility: visibility, minBallots: minBallots, change: d =>
        {
            ((List<Dictionary<string, object?>>)d["options"]!)[0]["topic"] = "biochar";
            d["opensAt"] = opensAt;
        });

    [Fact]
    public async Task APollOpenAtItsCreationIsOpenedOnceHoweverOftenTheTimerRuns()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, WithTopic());

        await Task.WhenAll(RunDomainEventTimerAsync(app), RunDomainEventTimerAsync(app));
        await RunDomainEventTimerAsync(app);

        var opened = await SingleAsync(app, DomainEventTypes.PollOpened);
        AssertShows(opened, DomainEventTypes.PollOpened, pollId, "Which topic should the next cycle prioritise?", $"{PublicBase(app)}/api/polls/{pollId}", "biochar");
        Assert.Equal("Open until 2026-11-09 08:00 UTC", opened.Summary);
        Assert.Equal(3, opened.Data.GetProperty("options").GetArrayLength());
        Assert.Single(await EventsAsync(app));
    }

    [Fact]
    public async Task AScheduledPollIsOpenedByTheTimerOnlyOnceItsTimeHasCome()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, WithTopic(opensAt: "2026-11-03T08:00:00Z"));

        await RunDomainEventTimerAsync(app);
        Assert.Empty(await EventsAsync(app));

        time.Advance(TimeSpan.FromDays(1));
        await Task.WhenAll(RunDomainEventTimerAsync(app), RunDomainEventTimerAsync(app));

        Assert.Equal(DomainEvent.IdOf(DomainEventTypes.PollOpened, pollId), (await SingleAsync(app, DomainEventTypes.PollOpened)).EventId);
    }

    [Fact]
    public async Task APollClosedByItsTimeIsClosedOnceWithItsResultsWhenEveryoneMaySeeThem()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, WithTopic(visibility: "after-close"));
        var voters = new List<string>();
        foreach (var choice in new[] { "a", "a", "b" })
        {
            var (memberId, _) = await MemberAsync(app);
            voters.Add(memberId);
            Assert.Equal(200, (await VoteAsync(app, pollId, VoteToken(app, memberId, pollId), choice)).Status);
        }

        time.Advance(TimeSpan.FromDays(8));
        await Task.WhenAll(RunDomainEventTimerAsync(app), RunDomainEventTimerAsync(app));
        await RunDomainEventTimerAsync(app);

        var closed = await SingleAsync(app, DomainEventTypes.PollClosed);
        AssertShows(closed, DomainEventTypes.PollClosed, pollId, "Which topic should the next cycle prioritise?", $"{PublicBase(app)}/api/polls/{pollId}", "biochar");
        Assert.Equal("Option A 2 · Option B 1 · Option C 0", closed.Summary);
        var results = closed.Data.GetProperty("results");
        Assert.Equal(3, results.GetProperty("ballots").GetInt32());
        Assert.Equal(2, results.GetProperty("counts").GetProperty("a").GetInt32());
        Assert.Equal("a", results.GetProperty("winner").GetString());
        Assert.Single(await EventsAsync(app, DomainEventTypes.PollOpened));
        await AssertNothingPersonalAsync(app, [.. voters, "voter-"]);
    }

    [Theory]
    [InlineData("admins", 1)]
    [InlineData("always", 5)]
    public async Task APollClosedEarlyTwiceIsClosedOnceWithoutResultsWhenNobodyMaySeeThem(string visibility, int minBallots)
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, WithTopic(visibility: visibility, minBallots: minBallots));
        var (memberId, _) = await MemberAsync(app);
        Assert.Equal(200, (await VoteAsync(app, pollId, VoteToken(app, memberId, pollId), "a")).Status);
        time.Advance(TimeSpan.FromHours(1));

        var answers = await Task.WhenAll(CloseAsync(app, pollId), CloseAsync(app, pollId));
        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.Equal(200, (await CloseAsync(app, pollId)).Status);

        var closed = await SingleAsync(app, DomainEventTypes.PollClosed);
        Assert.Equal(DomainEvent.IdOf(DomainEventTypes.PollClosed, pollId), closed.EventId);
        Assert.Equal("Closed", closed.Summary);
        Assert.False(closed.Data.TryGetProperty("results", out _));
    }

    [Fact]
    public async Task APollClosedBeforeItOpenedAndOneClosedLongAgoAreNotNews()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var early = await PollAsync(app, WithTopic(opensAt: "2026-11-03T08:00:00Z"));
        Assert.Equal(200, (await CloseAsync(app, early)).Status);
        var late = await PollAsync(app, WithTopic());

        time.Advance(TimeSpan.FromDays(30));
        await RunDomainEventTimerAsync(app);
        Assert.Equal(200, (await CloseAsync(app, late)).Status);

        Assert.Empty(await EventsAsync(app, DomainEventTypes.PollClosed));
        Assert.Equal([DomainEvent.IdOf(DomainEventTypes.PollOpened, late)], (await EventsAsync(app)).Select(e => e.EventId));
    }
}
