using Azure.Core;
using Azure.Core.Pipeline;
using CoP.Shared.DomainEvents;
using CoP.Shared.DomainEvents.Sources;
using CoP.Shared.Polls;
using Microsoft.Extensions.DependencyInjection;
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
        time.Advance(PollNews.ClosedGrace);
        await Task.WhenAll(RunDomainEventTimerAsync(app), RunDomainEventTimerAsync(app));
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

    [Fact]
    public async Task AClosingIsReportedOnlyAfterItsGraceWithTheBallotThatRacedTheClose()
    {
        // Attack-review finding: a ballot that read the poll before an early close and wrote after it was missing from
        // the results announced at the close.
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, WithTopic(visibility: "after-close"));
        var (early, _) = await MemberAsync(app);
        Assert.Equal(200, (await VoteAsync(app, pollId, VoteToken(app, early, pollId), "a")).Status);
        time.Advance(TimeSpan.FromHours(1));

        // The ballot's request has read the open poll; the operator's close lands before its write.
        var racing = StorageFaults.TablesWith(app, StorageFaults.BeforeFirst(r => StorageFaults.Is(r, RequestMethod.Put, "Ballots"), async () =>
        {
            time.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(200, (await CloseAsync(app, pollId)).Status);
        }));
        var polls = ActivatorUtilities.CreateInstance<PollService>(app.Services, ActivatorUtilities.CreateInstance<PollStore>(app.Services, racing));
        var (late, _) = await MemberAsync(app);
        Assert.IsType<BallotResult.Recorded>(await polls.CastAsync(pollId, VoteToken(app, late, pollId), ["b"], Ct));

        await RunDomainEventTimerAsync(app);
        time.Advance(PollNews.ClosedGrace - TimeSpan.FromSeconds(1));
        await RunDomainEventTimerAsync(app);
        Assert.Empty(await EventsAsync(app, DomainEventTypes.PollClosed));

        time.Advance(TimeSpan.FromSeconds(1));
        await RunDomainEventTimerAsync(app);

        var closed = await SingleAsync(app, DomainEventTypes.PollClosed);
        Assert.Equal(2, closed.Data.GetProperty("results").GetProperty("ballots").GetInt32());
        Assert.Equal("Option A 1 · Option B 1 · Option C 0", closed.Summary);
    }

    [Fact]
    public async Task TheTimerCountsAClosedPollsBallotsOnceNotOnEveryRun()
    {
        // Attack-review finding: every run re-read every ballot of every poll closed within the last 7 days.
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var pollId = await PollAsync(app, WithTopic());
        var (memberId, _) = await MemberAsync(app);
        Assert.Equal(200, (await VoteAsync(app, pollId, VoteToken(app, memberId, pollId), "a")).Status);
        time.Advance(TimeSpan.FromDays(8));
        var reads = new CountingPolicy(r => StorageFaults.Is(r, RequestMethod.Get, "Ballots"));
        var store = ActivatorUtilities.CreateInstance<PollStore>(app.Services, StorageFaults.TablesWith(app, reads));
        var news = ActivatorUtilities.CreateInstance<PollNews>(app.Services, ActivatorUtilities.CreateInstance<PollResultsCache>(app.Services, store));
        var run = ActivatorUtilities.CreateInstance<DomainEventRun>(app.Services, news);

        var first = await run.RunAsync(Ct);
        await run.RunAsync(Ct);
        await run.RunAsync(Ct);

        Assert.Equal(1, first.PollsClosed);
        Assert.Equal(1, reads.Count);
        Assert.Single(await EventsAsync(app, DomainEventTypes.PollClosed));
    }

    /// <summary>Counts the requests that match, as sent (each retry too).</summary>
    private sealed class CountingPolicy(Func<Request, bool> matches) : HttpPipelinePolicy
    {
        private int _count;

        public int Count => _count;

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Tally(message);
            return ProcessNextAsync(message, pipeline);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Tally(message);
            ProcessNext(message, pipeline);
        }

        private void Tally(HttpMessage message)
        {
            if (matches(message.Request))
            {
                Interlocked.Increment(ref _count);
            }
        }
    }
}
