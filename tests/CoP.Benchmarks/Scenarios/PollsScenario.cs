using System.Diagnostics;
using Azure.Data.Tables;
using CoP.Functions.Polls;
using CoP.Shared.Members;
using CoP.Shared.Polls;
using CoP.Shared.Storage;
using CoP.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoP.Benchmarks.Scenarios;

/// <summary>
/// Ballots through the CastBallot function class (real requests, the app's object graph, Azurite): ballots per
/// second and storage round trips per ballot; then GetPollResults on a ranked poll of many ballots (10,000 in a full run),
/// whose rows are written straight to the table to keep the set-up short: the time of one count, and requests per second
/// with the cached tally (Polls__ResultsCacheDuration as configured) and without it (zero: a count per request).
/// </summary>
internal sealed class PollsScenario(BenchmarkOptions options, TestStorageAccount storage)
{
    private static readonly string[] OptionIds = ["a", "b", "c", "d", "e", "f"];

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var counter = new StorageRequestCounter();
        await using var provider = BenchmarkApp.Build(storage, prefix, Path.Combine(Path.GetTempPath(), "cop-bench-outbox-" + prefix), counter);

        try
        {
            await MeasureBallotsAsync(report, provider, counter, cancellationToken);
            await MeasureResultsAsync(report, provider, prefix, cancellationToken);
        }
        finally
        {
            await storage.DeleteResourcesAsync(prefix, cancellationToken);
        }
    }

    private async Task MeasureBallotsAsync(BenchmarkReport report, IServiceProvider provider, StorageRequestCounter counter, CancellationToken cancellationToken)
    {
        var pollId = await CreatePollAsync(provider, cancellationToken);
        var function = ActivatorUtilities.CreateInstance<CastBallotFunction>(provider);
        const int Warmup = 20;
        var count = options.EntityCount / 2;
        var tokens = await MembersAsync(provider, Warmup + count, cancellationToken);

        async Task VoteAsync(int i)
        {
            var request = TestRequests.Json(provider, "POST", $"/api/polls/{pollId}/ballots", new { choices = Ranking(i) })
                .WithHeader("Authorization", "Bearer " + tokens[i]);
            var response = await TestResponse.ExecuteAsync(await function.CastBallot(request, pollId, cancellationToken), request);
            if (response.Status != 200)
            {
                throw new InvalidOperationException($"CastBallot answered {response.Status}: {response.Body}");
            }
        }

        // Table creation and JIT happen once per process: not part of the figure.
        for (var i = 0; i < Warmup; i++)
        {
            await VoteAsync(i);
        }

        counter.Reset();
        var result = await Measure.ConcurrentlyAsync(count, options.Concurrency, i => VoteAsync(Warmup + i), cancellationToken);
        report.Figure("polls.ballot", result.PerSecond, "ballots/s", result.Detail(options.Concurrency));
        report.Figure("polls.ballot.storageRoundTrips", (double)counter.Count / count, "per ballot", $"{counter.Count} requests for {count} ballots");
        report.Ratio("polls.ballot.vsRawInsert", "polls.ballot", "baseline.table.insert");
    }

    private async Task MeasureResultsAsync(
        BenchmarkReport report, IServiceProvider provider, string prefix, CancellationToken cancellationToken)
    {
        var pollId = await CreatePollAsync(provider, cancellationToken);
        var ballots = options.EntityCount * 5;
        var table = new TableServiceClient(storage.ConnectionString).GetTableClient(provider.GetRequiredService<StorageNames>().Ballots);
        var castAt = DateTimeOffset.UtcNow;
        var batches = Enumerable.Range(0, ballots).Chunk(100).Select(chunk => chunk.Select(i => new TableTransactionAction(
            TableTransactionActionType.Add,
            new BallotEntity { PartitionKey = pollId, RowKey = $"b{i:D8}", Choices = string.Join(',', Ranking(i)), CastAt = castAt })).ToList());
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken },
            async (batch, ct) => await table.SubmitTransactionAsync(batch, ct));

        // The same tables through a second object graph whose results count on every request: the app as it was before
        // the cached tally, measured in the same run.
        await using var uncachedProvider = BenchmarkApp.Build(
            storage, prefix, Path.Combine(Path.GetTempPath(), "cop-bench-outbox-" + prefix), settings: new Dictionary<string, string?> { ["Polls:ResultsCacheDuration"] = "00:00:00" });
        var uncached = ActivatorUtilities.CreateInstance<GetPollResultsFunction>(uncachedProvider);
        var cached = ActivatorUtilities.CreateInstance<GetPollResultsFunction>(provider);

        async Task ReadAsync(GetPollResultsFunction function)
        {
            var request = TestRequests.Empty(provider, "GET", $"/api/polls/{pollId}/results");
            var response = await TestResponse.ExecuteAsync(await function.GetPollResults(request, pollId, cancellationToken), request);
            if (response.Status != 200 || !response.Body.Contains($"\"ballots\":{ballots},", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"GetPollResults answered {response.Status}: {response.Body}");
            }
        }

        var timings = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            var clock = Stopwatch.StartNew();
            await ReadAsync(uncached);
            timings.Add(clock.Elapsed.TotalMilliseconds);
        }

        timings.Sort();
        report.Figure("polls.results", timings[1], "ms", $"one uncached count: median of 3, ranked poll, {ballots} ballots, {OptionIds.Length} options");

        // Every request reads and counts all ballots: a few requests make the figure (the three above were its warm-up).
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var uncachedCount = Math.Max(8, options.Concurrency * 2);
        var before = await Measure.ConcurrentlyAsync(uncachedCount, options.Concurrency, _ => ReadAsync(uncached), cancellationToken);
        report.Figure("polls.results.uncached", before.PerSecond, "requests/s", before.Detail(options.Concurrency) + $", {ballots} ballots");

        // Cached: the same warm-up as the baseline's reads (200 calls, then a pause for the tiered JIT). The measured
        // requests include the recounts the cache makes when its count is older than Polls__ResultsCacheDuration.
        await Measure.ConcurrentlyAsync(200, options.Concurrency, _ => ReadAsync(cached), cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var duration = provider.GetRequiredService<IOptions<PollOptions>>().Value.ResultsCacheDuration;
        var after = await Measure.ConcurrentlyAsync(options.EntityCount * 2, options.Concurrency, _ => ReadAsync(cached), cancellationToken);
        report.Figure(
            "polls.results.cached", after.PerSecond, "requests/s",
            after.Detail(options.Concurrency) + $", {ballots} ballots, recounted every {duration.TotalSeconds:0.#} s");
        report.Ratio("polls.results.cached.vsUncached", "polls.results.cached", "polls.results.uncached");
        report.Ratio("polls.results.uncached.vsRawPointRead", "polls.results.uncached", "baseline.table.pointRead");
        report.Ratio("polls.results.cached.vsRawPointRead", "polls.results.cached", "baseline.table.pointRead");
    }

    private static async Task<string> CreatePollAsync(IServiceProvider provider, CancellationToken cancellationToken)
    {
        var request = TestRequests.Json(provider, "POST", "/api/manage/polls", new
        {
            question = "Benchmark poll",
            options = OptionIds.Select(id => new { id, label = "Option " + id }),
            kind = "ranked",
            closesAt = DateTimeOffset.UtcNow.AddDays(7),
            resultsVisibility = "always",
            minBallots = 1,
        });
        var function = ActivatorUtilities.CreateInstance<CreatePollFunction>(provider);
        var response = await TestResponse.ExecuteAsync(await function.CreatePoll(request, cancellationToken), request);
        return response.Status == 201
            ? response.Json().GetProperty("pollId").GetString()!
            : throw new InvalidOperationException($"CreatePoll answered {response.Status}: {response.Body}");
    }

    /// <summary>Confirmed members written straight to the store, with their access tokens.</summary>
    private async Task<string[]> MembersAsync(IServiceProvider provider, int count, CancellationToken cancellationToken)
    {
        var store = provider.GetRequiredService<MemberStore>();
        var tokens = provider.GetRequiredService<MemberTokenService>();
        // Confirmed before the poll opened: eligible to vote in it.
        var confirmed = DateTimeOffset.UtcNow.AddDays(-30);
        var result = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var id = MemberStore.NewMemberId();
            await store.TryAddAsync(
                new MemberEntity { PartitionKey = id, EmailKey = "bench-" + id, Email = $"{id}@bench.example.org", Name = "Voter", Status = nameof(MemberStatus.Confirmed), CreatedAt = confirmed, ConfirmedAt = confirmed },
                ct);
            result[i] = tokens.Issue(id, 0, TokenPurpose.Account);
        });
        return result;
    }

    /// <summary>A varied but reproducible ranking of two to four options.</summary>
    private static string[] Ranking(int i) =>
        Enumerable.Range(0, 2 + (i % 3)).Select(k => OptionIds[(i * 7 + k * (1 + (i % 5))) % OptionIds.Length]).Distinct().ToArray();
}
