using CoP.Functions.Members;
using CoP.Shared.Email;
using CoP.Shared.Members;
using CoP.Shared.Privacy;
using CoP.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CoP.Benchmarks.Scenarios;

/// <summary>
/// Access-link requests through the RequestAccessLink function class, for addresses of confirmed members and for
/// unknown ones, alternating in one run so that whatever drifts (the machine, Azurite's tables) weighs on both
/// alike: p50 and p90 latency of each, and their ratio. The answer must not tell the two apart, in time either, so
/// the ratio's aim is close to 1. Then the queued requests are delivered: exactly the known addresses get a link,
/// which shows that the "known" ones were known.
/// </summary>
/// <remarks>
/// Members are written straight to the store (the member row and its MemberEmails claim, which is what a delivery
/// looks an address up by), not timed. The limiter runs with <see cref="RegistrationScenario.GenerousLimits"/>, and
/// each request comes from a client of its own.
/// </remarks>
internal sealed class AccessLinkScenario(BenchmarkOptions options, TestStorageAccount storage)
{
    // Enough calls, and a pause after them, for the runtime's tiered JIT to have the hot paths optimized: the figure
    // is the steady state, as the baseline's is, not the first seconds of a process.
    private const int Warmup = 200;

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var outbox = Path.Combine(Path.GetTempPath(), "cop-bench-outbox-" + prefix);
        var counter = new StorageRequestCounter();
        await using var provider = BenchmarkApp.Build(storage, prefix, outbox, counter, RegistrationScenario.GenerousLimits);
        var function = ActivatorUtilities.CreateInstance<RequestAccessLinkFunction>(provider);

        try
        {
            async Task RequestAsync(int client, string email)
            {
                var request = TestRequests.Json(provider, "POST", "/api/members/access-link", new { email }).FromClient(client);
                var response = await TestResponse.ExecuteAsync(await function.RequestAccessLink(request, cancellationToken), request);
                if (response.Status != 202)
                {
                    throw new InvalidOperationException($"RequestAccessLink answered {response.Status}: {response.Body}");
                }
            }

            // Each address once, so that no per-address allowance is used up when the requests are delivered.
            var pairs = options.EntityCount / 2;
            var known = Enumerable.Range(0, pairs).Select(i => $"known{i}@bench.example.org").ToArray();
            await SeedMembersAsync(provider, known, cancellationToken);

            // Table and queue creation and JIT, on both paths: not part of the figures.
            await Measure.ConcurrentlyAsync(Warmup, options.Concurrency, i => RequestAsync(i, $"warmup{i}@bench.example.org"), cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);

            await MailQueueTrigger.DeliverAllAsync(provider, storage.ConnectionString, options.Concurrency, cancellationToken);

            // Even indexes known, odd unknown: at any moment about as many of each are in flight.
            counter.Reset();
            var result = await Measure.ConcurrentlyAsync(2 * pairs, options.Concurrency, i => RequestAsync(Warmup + i, i % 2 == 0 ? known[i / 2] : $"unknown{i / 2}@bench.example.org"), cancellationToken);
            var knownLatencies = result.Latencies.Where((_, i) => i % 2 == 0).ToList();
            var unknownLatencies = result.Latencies.Where((_, i) => i % 2 == 1).ToList();
            report.Figure("accessLink.requests", result.PerSecond, "req/s", result.Detail(options.Concurrency));
            report.Figure("accessLink.storageRoundTrips", (double)counter.Count / result.Operations, "per req", $"{counter.Count} requests for {result.Operations} access-link requests");
            Percentiles(report, "accessLink.known", knownLatencies);
            Percentiles(report, "accessLink.unknown", unknownLatencies);
            report.Ratio("accessLink.knownVsUnknownP50", "accessLink.known.p50", "accessLink.unknown.p50");
            report.Ratio("accessLink.knownVsUnknownP90", "accessLink.known.p90", "accessLink.unknown.p90");

            await MailQueueTrigger.DeliverAllAsync(provider, storage.ConnectionString, options.Concurrency, cancellationToken);
            CheckLinksWentToKnownOnly(report, outbox, known);
        }
        finally
        {
            await storage.DeleteResourcesAsync(prefix, cancellationToken);
            if (Directory.Exists(outbox))
            {
                Directory.Delete(outbox, recursive: true);
            }
        }
    }

    private static void Percentiles(BenchmarkReport report, string name, List<double> latencies)
    {
        report.Figure(name + ".p50", Measure.Percentile(latencies, 0.50), "ms", $"n={latencies.Count}");
        report.Figure(name + ".p90", Measure.Percentile(latencies, 0.90), "ms", $"n={latencies.Count}");
    }

    /// <summary>Confirmed members with their address claimed in the email index, as a confirmed registration leaves them.</summary>
    private async Task SeedMembersAsync(IServiceProvider provider, IReadOnlyList<string> addresses, CancellationToken cancellationToken)
    {
        var store = provider.GetRequiredService<MemberStore>();
        var emails = provider.GetRequiredService<MemberEmailIndex>();
        var pseudonymizer = provider.GetRequiredService<Pseudonymizer>();
        var now = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(addresses, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken }, async (raw, ct) =>
        {
            _ = MemberRules.CheckEmail(raw, out var email);
            var id = MemberStore.NewMemberId();
            var emailKey = pseudonymizer.EmailKey(MemberRules.EmailComparisonForm(email));
            var member = new MemberEntity
            {
                PartitionKey = id, EmailKey = emailKey, Email = email, Name = "Member", Status = nameof(MemberStatus.Confirmed), CreatedAt = now, ConfirmedAt = now,
            };
            if (!await emails.TryClaimAsync(emailKey, id, now, ct) || !await store.TryAddAsync(member, ct))
            {
                throw new InvalidOperationException("A benchmark member could not be written.");
            }
        });
    }

    /// <summary>One link per known address and none to the warm-up's or the unknown addresses.</summary>
    private static void CheckLinksWentToKnownOnly(BenchmarkReport report, string outbox, string[] known)
    {
        var perAddress = LocalOutbox.ReadAll(outbox).CountBy(m => m.To.Address.ToLowerInvariant()).ToDictionary();
        var knownSet = known.ToHashSet(StringComparer.Ordinal);
        report.Figure("accessLink.emails", (double)known.Sum(perAddress.GetValueOrDefault) / known.Length, "per known", "in the local outbox after delivery; none to unknown");
        var wrong = known.Count(address => perAddress.GetValueOrDefault(address) != 1) + perAddress.Keys.Count(address => !knownSet.Contains(address));
        if (wrong != 0)
        {
            throw new InvalidOperationException($"{wrong} addresses did not get what they should: one link for each known address, nothing for the others.");
        }
    }
}
