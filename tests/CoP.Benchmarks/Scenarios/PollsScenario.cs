using System.Diagnostics;
using Azure.Data.Tables;
using CoP.Functions.Polls;
using CoP.Shared.Members;
using CoP.Shared.Polls;
using CoP.Shared.Storage;
using CoP.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CoP.Benchmarks.Scenarios;

/// <summary>
/// Ballots through the CastBallot function class (real requests, the app's object graph, Azurite): ballots per
/// second and storage round trips per ballot; then the time GetPollResults takes to count a ranked poll of many
/// ballots (10,000 in a full run), whose rows are written straight to the table to keep the set-up short.
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
            await MeasureResultsAsync(report, provider, cancellationToken);
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

    private async Task MeasureResultsAsync(BenchmarkReport report, IServiceProvider provider, CancellationToken cancellationToken)
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

        var function = ActivatorUtilities.CreateInstance<GetPollResultsFunction>(provider);
        var timings = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            var request = TestRequests.Empty(provider, "GET", $"/api/polls/{pollId}/results");
            var clock = Stopwatch.StartNew();
            var response = await TestResponse.ExecuteAsync(await function.GetPollResults(request, pollId, cancellationToken), request);
            clock.Stop();
            if (response.Status != 200 || !response.Body.Contains($"\"ballots\":{ballots},", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"GetPollResults answered {response.Status}: {response.Body}");
            }

            timings.Add(clock.Elapsed.TotalMilliseconds);
        }

        timings.Sort();
        report.Figure("polls.results", timings[1], "ms", $"median of 3, ranked poll, {ballots} ballots, {OptionIds.Length} options");
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
