using CoP.Functions.Events.Registrations;
using CoP.Shared.Events;
using CoP.Shared.Events.Registrations;
using CoP.Shared.Members;
using CoP.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CoP.Benchmarks.Scenarios;

/// <summary>
/// Registrations for one event through the RegisterForEvent function class (real requests, the app's object graph,
/// Azurite): as many members as entities (200 with <c>--quick</c>) register at once for half as many places, the rest
/// joining the waiting list; registrations per second against the raw table insert, and storage round trips per
/// registration. The seats are checked afterwards: exactly the capacity registered.
/// </summary>
internal sealed class EventRegistrationScenario(BenchmarkOptions options, TestStorageAccount storage)
{
    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var counter = new StorageRequestCounter();
        await using var provider = BenchmarkApp.Build(storage, prefix, Path.Combine(Path.GetTempPath(), "cop-bench-outbox-" + prefix), counter);
        try
        {
            await MeasureAsync(report, provider, counter, cancellationToken);
        }
        finally
        {
            await storage.DeleteResourcesAsync(prefix, cancellationToken);
        }
    }

    private async Task MeasureAsync(BenchmarkReport report, IServiceProvider provider, StorageRequestCounter counter, CancellationToken cancellationToken)
    {
        const int Warmup = 20;
        var count = options.EntityCount;
        var capacity = count / 2;
        var function = ActivatorUtilities.CreateInstance<RegisterForEventFunction>(provider);
        var warmupEvent = await EventAsync(provider, Warmup, cancellationToken);
        var eventId = await EventAsync(provider, capacity, cancellationToken);
        var tokens = await MembersAsync(provider, Warmup + count, cancellationToken);

        async Task RegisterAsync(string id, string token)
        {
            var request = TestRequests.Empty(provider, "POST", $"/api/events/{id}/registrations").WithHeader("Authorization", "Bearer " + token);
            var response = await TestResponse.ExecuteAsync(await function.RegisterForEvent(request, id, cancellationToken), request);
            if (response.Status != 201)
            {
                throw new InvalidOperationException($"RegisterForEvent answered {response.Status}: {response.Body}");
            }
        }

        // Table creation and JIT happen once per process: not part of the figure.
        for (var i = 0; i < Warmup; i++)
        {
            await RegisterAsync(warmupEvent, tokens[i]);
        }

        counter.Reset();
        var result = await Measure.ConcurrentlyAsync(count, options.Concurrency, i => RegisterAsync(eventId, tokens[Warmup + i]), cancellationToken);
        var seats = await provider.GetRequiredService<EventRegistrationService>().CountAsync(eventId, cancellationToken);
        if (seats != new SeatCount(capacity, count - capacity))
        {
            throw new InvalidOperationException($"Expected {capacity} registered and {count - capacity} waiting, found {seats}.");
        }

        report.Figure("events.registration", result.PerSecond, "registrations/s", result.Detail(options.Concurrency) + $", one event, {capacity} places, {count - capacity} waiting");
        report.Figure("events.registration.storageRoundTrips", (double)counter.Count / count, "per registration", $"{counter.Count} requests for {count} registrations");
        report.Ratio("events.registration.vsRawInsert", "events.registration", "baseline.table.insert");
    }

    private static async Task<string> EventAsync(IServiceProvider provider, int capacity, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var e = new Event(
            EventStore.NewEventId(), new Dictionary<string, EventText> { ["en"] = new("Benchmark event", null) }, [], EventFormat.Online,
            now.AddDays(7), now.AddDays(7).AddHours(2), "UTC", null, new Uri("https://meet.example.org/bench"), ["en"],
            capacity, true, null, null, [], EventStatus.Published, [], null, null, 0, now, now);
        await provider.GetRequiredService<EventStore>().AddAsync(e, cancellationToken);
        return e.EventId;
    }

    /// <summary>Confirmed members written straight to the store, with their profile tokens.</summary>
    private async Task<string[]> MembersAsync(IServiceProvider provider, int count, CancellationToken cancellationToken)
    {
        var store = provider.GetRequiredService<MemberStore>();
        var tokens = provider.GetRequiredService<MemberTokenService>();
        var confirmed = DateTimeOffset.UtcNow.AddDays(-30);
        var result = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var id = MemberStore.NewMemberId();
            await store.TryAddAsync(
                new MemberEntity { PartitionKey = id, EmailKey = "bench-" + id, Email = $"{id}@bench.example.org", Name = "Attendee", Status = nameof(MemberStatus.Confirmed), CreatedAt = confirmed, ConfirmedAt = confirmed },
                ct);
            result[i] = tokens.Issue(id, 0, TokenPurpose.Profile);
        });
        return result;
    }
}
