using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using CoP.Shared.Limits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CoP.Tests.Limits;

/// <summary>The request limiter over the real Azurite: exact per client, capped in all, by clock hour.</summary>
public sealed class RequestLimiterTests(StorageFixture storage)
{
    private const string Client = "198.51.100.7";
    private static readonly DateTimeOffset HalfPastNoon = new(2026, 4, 15, 12, 30, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AllowsExactlyTheLimitWhenTwoHundredRequestsArriveAtOnce()
    {
        await using var app = Create(new FakeTimeProvider(HalfPastNoon), perClient: 10, global: 1000);
        var limiter = app.Get<RequestLimiter>();

        var decisions = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => limiter.TryAcquireAsync(Client, Ct), Ct)));

        Assert.Equal(10, decisions.Count(d => d.IsAllowed));
        Assert.All(decisions.Where(d => !d.IsAllowed), d => Assert.Equal(LimitKind.PerClient, d.Limit));
        var rows = await RowsAsync(app);
        Assert.Equal(10, Assert.Single(rows, r => !r.IsShard).Count);
        Assert.Equal(10, rows.Where(r => r.IsShard).Sum(r => r.Count));
    }

    [Fact]
    public async Task CountsEachClientApartWhenOneReachesItsLimit()
    {
        await using var app = Create(new FakeTimeProvider(HalfPastNoon), perClient: 2, global: 100);
        var limiter = app.Get<RequestLimiter>();

        await AcquireAsync(limiter, Client, 2);

        Assert.Equal(LimitKind.PerClient, (await limiter.TryAcquireAsync(Client, Ct)).Limit);
        Assert.True((await limiter.TryAcquireAsync("203.0.113.9", Ct)).IsAllowed);
    }

    [Fact]
    public async Task RefusesEveryClientWhenTheGlobalCapIsReached()
    {
        await using var app = Create(new FakeTimeProvider(HalfPastNoon), perClient: 5, global: 20);
        var limiter = app.Get<RequestLimiter>();

        var decisions = new List<LimitDecision>();
        for (var i = 0; i < 25; i++)
        {
            decisions.Add(await limiter.TryAcquireAsync($"192.0.2.{i}", Ct));
        }

        Assert.All(decisions.Take(20), d => Assert.True(d.IsAllowed));
        Assert.All(decisions.Skip(20), d => Assert.Equal(LimitKind.GlobalMail, d.Limit));
    }

    [Fact]
    public async Task OvershootsTheGlobalCapByAtMostOnePerShardWhenManyClientsArriveAtOnce()
    {
        await using var app = Create(new FakeTimeProvider(HalfPastNoon), perClient: 5, global: 20);
        var limiter = app.Get<RequestLimiter>();

        var decisions = await Task.WhenAll(Enumerable.Range(0, 120).Select(i => Task.Run(() => limiter.TryAcquireAsync($"client-{i}", Ct), Ct)));

        var allowed = decisions.Count(d => d.IsAllowed);
        Assert.InRange(allowed, 20, 20 + RequestLimiter.GlobalShards);
        Assert.All(decisions.Where(d => !d.IsAllowed), d => Assert.Equal(LimitKind.GlobalMail, d.Limit));
        Assert.Equal(allowed, (await RowsAsync(app)).Where(r => r.IsShard).Sum(r => r.Count));
        Assert.Equal(LimitKind.GlobalMail, (await limiter.TryAcquireAsync("a-latecomer", Ct)).Limit);
    }

    [Fact]
    public async Task AllowsAgainWhenANewHourBegins()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 4, 15, 12, 59, 59, TimeSpan.Zero));
        await using var app = Create(time, perClient: 3, global: 3);
        var limiter = app.Get<RequestLimiter>();
        await AcquireAsync(limiter, Client, 3);
        var limited = await limiter.TryAcquireAsync("203.0.113.9", Ct);
        Assert.Equal(LimitKind.GlobalMail, limited.Limit);

        time.Advance(limited.RetryAfter);

        Assert.True((await limiter.TryAcquireAsync(Client, Ct)).IsAllowed);
        Assert.True((await limiter.TryAcquireAsync("203.0.113.9", Ct)).IsAllowed);
    }

    [Fact]
    public async Task RetryAfterIsTheTimeUntilTheHourEndsWhicheverLimitWasHit()
    {
        var time = new FakeTimeProvider(HalfPastNoon);
        await using var app = Create(time, perClient: 1, global: 2);
        var limiter = app.Get<RequestLimiter>();
        await AcquireAsync(limiter, Client, 1);

        var perClient = await limiter.TryAcquireAsync(Client, Ct);
        Assert.Equal(LimitKind.PerClient, perClient.Limit);
        Assert.Equal(TimeSpan.FromMinutes(30), perClient.RetryAfter);

        time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(15.5));
        await AcquireAsync(limiter, "203.0.113.9", 1);
        var global = await limiter.TryAcquireAsync("192.0.2.1", Ct);
        Assert.Equal(LimitKind.GlobalMail, global.Limit);
        Assert.Equal(TimeSpan.FromMinutes(19) + TimeSpan.FromSeconds(44.5), global.RetryAfter);

        time.Advance(global.RetryAfter - TimeSpan.FromTicks(1));
        Assert.Equal(TimeSpan.FromTicks(1), (await limiter.TryAcquireAsync(Client, Ct)).RetryAfter);
    }

    [Fact]
    public async Task RetryAfterIsAWholeHourWhenRefusedAtTheFirstInstantOfTheHour()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 4, 15, 13, 0, 0, TimeSpan.Zero));
        await using var app = Create(time, perClient: 1, global: 10);
        var limiter = app.Get<RequestLimiter>();
        await AcquireAsync(limiter, Client, 1);

        Assert.Equal(TimeSpan.FromHours(1), (await limiter.TryAcquireAsync(Client, Ct)).RetryAfter);
    }

    [Fact]
    public async Task PurgeDeletesThePastHoursAndKeepsTheCurrentOne()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 4, 15, 10, 10, 0, TimeSpan.Zero));
        await using var app = Create(time, perClient: 1, global: 10_000);
        var limiter = app.Get<RequestLimiter>();
        // More rows than one transaction may delete.
        for (var i = 0; i < 130; i++)
        {
            await AcquireAsync(limiter, $"client-{i}", 1);
        }

        time.SetUtcNow(new DateTimeOffset(2026, 4, 15, 11, 59, 59, TimeSpan.Zero));
        await AcquireAsync(limiter, Client, 1);
        time.SetUtcNow(new DateTimeOffset(2026, 4, 15, 12, 0, 0, TimeSpan.Zero));
        await AcquireAsync(limiter, Client, 1);
        time.SetUtcNow(new DateTimeOffset(2026, 4, 15, 13, 5, 0, TimeSpan.Zero));
        await AcquireAsync(limiter, Client, 1);
        time.Advance(TimeSpan.FromMinutes(15));

        var purged = await limiter.PurgeExpiredAsync(Ct);

        Assert.Equal(3, purged);
        var rows = await RowsAsync(app);
        Assert.All(rows, r => Assert.Equal("2026041513", r.PartitionKey));
        Assert.Equal(1, rows.Where(r => r.IsShard).Sum(r => r.Count));
        Assert.Equal(LimitKind.PerClient, (await limiter.TryAcquireAsync(Client, Ct)).Limit);
        Assert.Equal(0, await limiter.PurgeExpiredAsync(Ct));
    }

    [Fact]
    public async Task CountersHoldOnlyAKeyedHashOfTheClientAndLogsNone()
    {
        await using var app = Create(new FakeTimeProvider(HalfPastNoon), perClient: 1, global: 50);
        await AcquireAsync(app.Get<RequestLimiter>(), Client, 1);
        Assert.Equal(LimitKind.PerClient, (await app.Get<RequestLimiter>().TryAcquireAsync(Client, Ct)).Limit);

        var rows = await app.Table("RequestLimits").QueryAsync<TableEntity>(cancellationToken: Ct).ToListAsync(Ct);

        var stored = Assert.Single(rows, r => !r.RowKey.StartsWith(RequestLimitEntity.ShardPrefix, StringComparison.Ordinal));

        Assert.Matches("^c[0-9a-f]{32}$", stored.RowKey);
        Assert.Equal(["Count", "PartitionKey", "RowKey", "Timestamp", "odata.etag"], stored.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(stored, p => p.Value?.ToString()?.Contains("198.51.100", StringComparison.Ordinal) == true);
        Assert.Contains(app.Logs.Entries, e => e.Message.Contains("hourly limit", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Entries, e => e.AllText.Contains("198.51.100", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ANewClientCostsOneRoundTripWhileTheGlobalCountIsFreshAndTwoOtherwise()
    {
        var time = new FakeTimeProvider(HalfPastNoon);
        await using var app = Create(time, perClient: 1, global: 50);
        var counter = new RequestCounter();
        var options = new TableClientOptions();
        options.AddPolicy(counter, HttpPipelinePosition.PerCall);
        var limiter = ActivatorUtilities.CreateInstance<RequestLimiter>(app.Services, new TableServiceClient(app.ConnectionString, options));
        await AcquireAsync(limiter, "203.0.113.9", 1); // creates the table (once per process) and reads the hour

        // A client new this hour, the global count read a moment ago: one transaction, no read.
        counter.Reset();
        Assert.True((await limiter.TryAcquireAsync(Client, Ct)).IsAllowed);
        Assert.Equal(1, counter.Count);

        // The same client again: its insert fails, the read shows it at its limit.
        counter.Reset();
        Assert.False((await limiter.TryAcquireAsync(Client, Ct)).IsAllowed);
        Assert.Equal(2, counter.Count);

        // Once the view is older than it may be trusted: a read and a transaction.
        time.Advance(RequestLimiter.GlobalCountFreshness);
        counter.Reset();
        Assert.True((await limiter.TryAcquireAsync("198.51.100.77", Ct)).IsAllowed);
        Assert.Equal(2, counter.Count);
    }

    [Fact]
    public async Task AViewOfTheGlobalCountAtTheCapRefusesWithoutAskingStorage()
    {
        await using var app = Create(new FakeTimeProvider(HalfPastNoon), perClient: 1, global: 3);
        var counter = new RequestCounter();
        var options = new TableClientOptions();
        options.AddPolicy(counter, HttpPipelinePosition.PerCall);
        var limiter = ActivatorUtilities.CreateInstance<RequestLimiter>(app.Services, new TableServiceClient(app.ConnectionString, options));
        await AcquireAsync(limiter, "192.0.2.1", 1);
        await AcquireAsync(limiter, "192.0.2.2", 1);
        await AcquireAsync(limiter, "192.0.2.3", 1);

        counter.Reset();
        var decision = await limiter.TryAcquireAsync("192.0.2.4", Ct);

        Assert.Equal(LimitKind.GlobalMail, decision.Limit);
        Assert.Equal(0, counter.Count);
    }

    private TestApp Create(TimeProvider time, int perClient, int global) =>
        TestApp.Create(
            storage,
            new Dictionary<string, string?>
            {
                ["Limits:PerClientPerHour"] = perClient.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Limits:GlobalMailsPerHour"] = global.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            time: time);

    private static async Task AcquireAsync(RequestLimiter limiter, string client, int times)
    {
        for (var i = 0; i < times; i++)
        {
            Assert.True((await limiter.TryAcquireAsync(client, Ct)).IsAllowed);
        }
    }

    private static async Task<List<RequestLimitEntity>> RowsAsync(TestApp app) =>
        await app.Table("RequestLimits").QueryAsync<RequestLimitEntity>(cancellationToken: Ct).ToListAsync(Ct);

    /// <summary>Counts every request the storage client sends: storage round trips.</summary>
    private sealed class RequestCounter : HttpPipelineSynchronousPolicy
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Reset() => Interlocked.Exchange(ref _count, 0);

        public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
    }
}
