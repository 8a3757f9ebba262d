using CoP.Functions.Members;
using CoP.Shared.Email;
using CoP.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CoP.Benchmarks.Scenarios;

/// <summary>
/// New registrations through the RegisterMember function class with real requests, the app's real object graph,
/// Azurite and the local outbox. The request only takes a slot from the request limiter and queues the mail:
/// registrations per second and storage round trips per request, the queue included. Then what was queued is
/// delivered through DeliverEmail, as the host's queue trigger would: deliveries per second, storage round trips per
/// delivery (the member is written there), and exactly one email per new registration in the outbox.
/// </summary>
/// <remarks>
/// The limiter's defaults (60 requests per client and 300 overall per hour) would refuse a benchmark's thousands of
/// registrations, so it runs with the highest limits the settings allow (<see cref="GenerousLimits"/>): the figure is
/// the cost of counting, not of being refused. Each request comes from a client of its own (<see cref="BenchmarkClients"/>).
/// </remarks>
internal sealed class RegistrationScenario(BenchmarkOptions options, TestStorageAccount storage)
{
    // Enough calls, and a pause after them, for the runtime's tiered JIT to have the hot paths optimized: the figure
    // is the steady state, as the baseline's is, not the first seconds of a process.
    private const int Warmup = 200;

    public static readonly IReadOnlyDictionary<string, string?> GenerousLimits = new Dictionary<string, string?>
    {
        ["Limits:PerClientPerHour"] = "10000",
        ["Limits:GlobalMailsPerHour"] = "100000",
    };

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var outbox = Path.Combine(Path.GetTempPath(), "cop-bench-outbox-" + prefix);
        var counter = new StorageRequestCounter();
        await using var provider = BenchmarkApp.Build(storage, prefix, outbox, counter, GenerousLimits);
        var function = ActivatorUtilities.CreateInstance<RegisterMemberFunction>(provider);

        try
        {
            async Task RegisterAsync(int client, string email)
            {
                var request = TestRequests.Json(provider, "POST", "/api/registrations", new
                {
                    email,
                    name = "Benchmark Member",
                    country = "KE",
                    topics = new[] { "biochar" },
                    newsletter = true,
                    consent = true,
                }).FromClient(client);
                var response = await TestResponse.ExecuteAsync(await function.RegisterMember(request, cancellationToken), request);
                if (response.Status != 202)
                {
                    throw new InvalidOperationException($"Registration answered {response.Status}: {response.Body}");
                }
            }

            // Table and queue creation, topic seeding and JIT happen once per process, on both paths: not part of the figures.
            await Measure.ConcurrentlyAsync(Warmup, options.Concurrency, i => RegisterAsync(i, $"warmup{i}@bench.example.org"), cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);

            await MailQueueTrigger.DeliverAllAsync(provider, storage.ConnectionString, options.Concurrency, cancellationToken);

            counter.Reset();
            var count = options.EntityCount / 2;
            var requests = await Measure.ConcurrentlyAsync(count, options.Concurrency, i => RegisterAsync(Warmup + i, $"member{i}@bench.example.org"), cancellationToken);
            report.Figure("registration.new", requests.PerSecond, "reg/s", requests.Detail(options.Concurrency));
            report.Figure("registration.storageRoundTrips", (double)counter.Count / count, "per reg", $"{counter.Count} requests for {count} registrations (limiter and queue)");
            report.Ratio("registration.vsRawInsert", "registration.new", "baseline.table.insert");

            counter.Reset();
            var deliveries = await MailQueueTrigger.DeliverAllAsync(provider, storage.ConnectionString, options.Concurrency, cancellationToken);
            report.Figure("registration.delivery", deliveries.PerSecond, "mails/s", deliveries.Detail(options.Concurrency));
            report.Figure(
                "registration.delivery.storageRoundTrips", (double)counter.Count / deliveries.Operations, "per mail", $"{counter.Count} requests for {deliveries.Operations} deliveries");
            CheckOneEmailEach(report, outbox, count);
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

    /// <summary>Exactly one confirmation per new address, warm-up included, and nothing else.</summary>
    private static void CheckOneEmailEach(BenchmarkReport report, string outbox, int count)
    {
        var perAddress = LocalOutbox.ReadAll(outbox).CountBy(m => m.To.Address.ToLowerInvariant()).ToDictionary();
        var registered = Enumerable.Range(0, Warmup).Select(i => $"warmup{i}@bench.example.org")
            .Concat(Enumerable.Range(0, count).Select(i => $"member{i}@bench.example.org"))
            .ToHashSet(StringComparer.Ordinal);
        var measured = Enumerable.Range(0, count).Sum(i => perAddress.GetValueOrDefault($"member{i}@bench.example.org"));
        report.Figure("registration.emails", (double)measured / count, "per reg", "in the local outbox after delivery");

        var wrong = registered.Count(address => perAddress.GetValueOrDefault(address) != 1) + perAddress.Keys.Count(address => !registered.Contains(address));
        if (wrong != 0)
        {
            throw new InvalidOperationException($"{wrong} addresses did not get exactly one email, or got one without registering.");
        }
    }
}
