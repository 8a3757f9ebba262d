using CoP.Shared.Events;
using CoP.Shared.Validation;
using static CoP.Tests.Events.Manage.EventTestFlows;

namespace CoP.Tests.Events.Manage;

/// <summary>The event service against the real storage: create, update against a version, cancel.</summary>
public sealed class EventServiceTests(StorageFixture storage)
{
    [Fact]
    public async Task CreateStoresTheEventInUtcAndUpdateRaisesTheSequenceOnlyWhenTimeOrPlaceMove()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var events = app.Get<EventService>();

        var created = Assert.IsType<Validated<StoredEvent>.Valid>(await events.CreateAsync(Parsed(Definition()), Ct)).Value;

        Assert.Equal(EventStatus.Draft, created.Event.Status);
        Assert.Equal(TimeSpan.Zero, created.Event.StartsAt.Offset);
        Assert.Equal(EventStart, created.Event.StartsAt);
        Assert.Equal(0, created.Event.Sequence);
        var published = Assert.IsType<EventChange.Changed>(
            await events.UpdateAsync(created.Event.EventId, Parsed(Definition(d => d["status"] = "published")), created.Version, Ct));
        Assert.False(published.ScheduleChanged);
        Assert.Equal(0, published.Event.Event.Sequence);
        Assert.IsType<EventChange.VersionMismatch>(await events.UpdateAsync(created.Event.EventId, Parsed(Definition()), created.Version, Ct));
        var moved = Assert.IsType<EventChange.Changed>(await events.UpdateAsync(
            created.Event.EventId, Parsed(Definition(d => (d["status"], d["timeZone"]) = ("published", "Europe/Brussels"))), published.Event.Version, Ct));
        Assert.True(moved.ScheduleChanged);
        Assert.Equal(1, moved.Event.Event.Sequence);
        var read = await events.GetAsync(created.Event.EventId, Ct);
        Assert.Equal(moved.Event.Version, read?.Version);
        Assert.Equal("Europe/Brussels", read?.Event.TimeZone);
    }

    [Fact]
    public async Task CancelRaisesTheSequenceOnceAndAnswersTheSameEventTheSecondTime()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var events = app.Get<EventService>();
        var created = Assert.IsType<Validated<StoredEvent>.Valid>(await events.CreateAsync(Parsed(Definition(d => d["status"] = "published")), Ct)).Value;

        var cancelled = Assert.IsType<EventChange.Changed>(await events.CancelAsync(created.Event.EventId, Ct));
        var again = Assert.IsType<EventChange.Unchanged>(await events.CancelAsync(created.Event.EventId, Ct));

        Assert.Equal(EventStatus.Cancelled, cancelled.Event.Event.Status);
        Assert.Equal(1, cancelled.Event.Event.Sequence);
        Assert.Equal(cancelled.Event.Version, again.Event.Version);
        Assert.Equal(1, again.Event.Event.Sequence);
        Assert.IsType<EventChange.Refused>(await events.UpdateAsync(created.Event.EventId, Parsed(Definition()), again.Event.Version, Ct));
        Assert.IsType<EventChange.NotFound>(await events.CancelAsync("0123456789abcdef0123456789abcdef", Ct));
    }
}
