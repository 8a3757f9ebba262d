using System.Globalization;
using System.Text.Json;
using CoP.Functions.DomainEvents;
using CoP.Shared.DomainEvents;
using CoP.Shared.DomainEvents.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static CoP.Tests.DomainEvents.DomainEventTestFlows;

namespace CoP.Tests.DomainEvents;

/// <summary>The <c>PublishDomainEvents</c> timer: its settings, and the hand-over it retries for events whose dispatch failed.</summary>
public sealed class PublishDomainEventsTests(StorageFixture storage)
{
    [Theory]
    [InlineData("DomainEventSchedule", "0 */5 * * *", "DomainEventSchedule")]
    [InlineData("DomainEventSchedule", "00:05:00", "DomainEventSchedule")]
    [InlineData("DomainEvents:StartingSoonWithin", "00:00:00", "DomainEvents__StartingSoonWithin")]
    [InlineData("DomainEvents:StartingSoonWithin", "30.00:00:00", "DomainEvents__StartingSoonWithin")]
    public async Task StartFailsNamingTheSettingWhenItIsOutOfBounds(string setting, string value, string named)
    {
        using var host = TestHosts.Build(new Dictionary<string, string?> { [setting] = value });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheScheduleIsEveryFiveMinutesAndStartingSoonADayWhenNotSet()
    {
        using var host = TestHosts.Build(new Dictionary<string, string?>());

        await host.StartAsync(TestContext.Current.CancellationToken);

        var options = host.Services.GetRequiredService<IOptions<DomainEventOptions>>().Value;
        Assert.Equal("0 */5 * * * *", options.Schedule);
        Assert.Equal(TimeSpan.FromDays(1), options.StartingSoonWithin);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AnEventWhoseHandOverFailedIsHandedOverAgainByTheTimerOnceItIsAMinuteOld()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-02T08:00:00Z", CultureInfo.InvariantCulture));
        var subscriber = new FailingOnceSubscriber();
        await using var app = TestApp.Create(
            storage, time: time, compose: (services, _) => services.TryAddEnumerable(ServiceDescriptor.Singleton<IDomainEventSubscriber>(subscriber)));
        var draft = new DomainEventDraft(
            DomainEventTypes.NewsletterSent, "2026-11-02-0800", "News of the week", "https://cop.example.org/api/newsletter/issues/2026-11-02-0800", [], "News",
            JsonSerializer.SerializeToElement(new { id = "2026-11-02-0800" }));
        var published = await app.Get<DomainEventLog>().PublishAsync(draft, TestContext.Current.CancellationToken);
        Assert.IsType<PublishResult.Recorded>(published);
        Assert.Equal(1, subscriber.Calls);

        var timer = app.Function<PublishDomainEventsFunction>();
        await timer.PublishDomainEvents(new Microsoft.Azure.Functions.Worker.TimerInfo(), TestContext.Current.CancellationToken);
        Assert.Equal(1, subscriber.Calls);

        time.Advance(TimeSpan.FromMinutes(2));
        var report = await RunDomainEventTimerAsync(app);
        await timer.PublishDomainEvents(new Microsoft.Azure.Functions.Worker.TimerInfo(), TestContext.Current.CancellationToken);

        Assert.Equal(new DomainEventRunReport(0, 0, 0, 1), report);
        Assert.Equal(2, subscriber.Calls);
        Assert.Equal([published.Event.EventId], subscriber.Events.Distinct());
        Assert.Empty(await app.Get<DomainEventStore>().ListUndispatchedAsync(time.GetUtcNow(), TestContext.Current.CancellationToken));
    }

    /// <summary>A subscriber whose first hand-over fails, as a queue that is briefly unreachable would.</summary>
    private sealed class FailingOnceSubscriber : IDomainEventSubscriber
    {
        private int _calls;

        public string Name => "test";

        public int Calls => _calls;

        public List<string> Events { get; } = [];

        public Task EnqueueAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
        {
            lock (Events)
            {
                Events.Add(domainEvent.EventId);
            }

            return Interlocked.Increment(ref _calls) == 1 ? throw new InvalidOperationException("The queue is unreachable.") : Task.CompletedTask;
        }
    }
}
