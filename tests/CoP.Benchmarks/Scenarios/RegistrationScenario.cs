using System.Diagnostics;
using CoP.Functions.Members;
using CoP.Shared.Email;
using CoP.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CoP.Benchmarks.Scenarios;

/// <summary>
/// New registrations through the RegisterMember function class with real requests, the app's real object
/// graph, Azurite and the local outbox: registrations per second, and storage round trips per registration
/// counted by a pipeline policy on the storage clients.
/// </summary>
internal sealed class RegistrationScenario(BenchmarkOptions options, TestStorageAccount storage)
{
    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var outbox = Path.Combine(Path.GetTempPath(), "cop-bench-outbox-" + prefix);
        var counter = new StorageRequestCounter();
        await using var provider = BenchmarkApp.Build(storage, prefix, outbox, counter);
        var function = ActivatorUtilities.CreateInstance<RegisterMemberFunction>(provider);

        try
        {
            async Task RegisterAsync(string email)
            {
                var request = TestRequests.Json(provider, "POST", "/api/registrations", new
                {
                    email,
                    name = "Benchmark Member",
                    country = "KE",
                    topics = new[] { "biochar" },
                    newsletter = true,
                    consent = true,
                });
                var response = await TestResponse.ExecuteAsync(await function.RegisterMember(request, cancellationToken), request);
                if (response.Status != 202)
                {
                    throw new InvalidOperationException($"Registration answered {response.Status}: {response.Body}");
                }
            }

            // Table creation, topic seeding and JIT happen once per process: not part of the figure.
            for (var i = 0; i < 20; i++)
            {
                await RegisterAsync($"warmup{i}@bench.example.org");
            }

            counter.Reset();
            var count = options.EntityCount / 2;
            var clock = Stopwatch.StartNew();
            var result = await Measure.ConcurrentlyAsync(count, options.Concurrency, i => RegisterAsync($"member{i}@bench.example.org"), cancellationToken);
            clock.Stop();
            var emails = LocalOutbox.ReadAll(outbox).Count - 20;

            report.Figure("registration.new", result.PerSecond, "reg/s", result.Detail(options.Concurrency));
            report.Figure("registration.storageRoundTrips", (double)counter.Count / count, "per reg", $"{counter.Count} requests for {count} registrations");
            report.Figure("registration.emails", (double)emails / count, "per reg", "written to the local outbox");
            report.Ratio("registration.vsRawInsert", "registration.new", "baseline.table.insert");
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
}
