using CoP.Functions;
using CoP.TestSupport;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CoP.Benchmarks;

/// <summary>
/// The app's real object graph for a scenario: its own resource prefix and outbox on the benchmark's storage,
/// optionally with every storage request counted.
/// </summary>
/// <remarks>
/// The counter goes in as a default of the Azure client factory, so it reaches every client AddCommunityStorage
/// registers there: Table, Blob and Queue (a registration at concurrency 1 counts exactly 3, the queue's send included).
/// </remarks>
internal static class BenchmarkApp
{
    // A fixed key: the benchmark measures, it protects nothing.
    private static readonly string Key = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

    // The ballot key must differ from the hash key.
    private static readonly string BallotKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray());

    public static ServiceProvider Build(
        TestStorageAccount storage, string prefix, string outbox, StorageRequestCounter? counter = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = storage.ConnectionString,
            ["Storage:ResourcePrefix"] = prefix,
            ["Email:Transport"] = "Outbox",
            ["Email:FromAddress"] = "community@localhost.test",
            ["Email:OutboxPath"] = outbox,
            ["Privacy:HashKey"] = Key,
            ["Privacy:BallotKey"] = BallotKey,
            ["Privacy:PolicyVersion"] = "bench",
            ["Tokens:Keys:k1"] = Key,
            ["Tokens:ActiveKey"] = "k1",
            ["Membership:PublicApiBaseUrl"] = "https://cop.example.org",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            values[name] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging().AddCommunityBackend(configuration);
        if (counter is not null)
        {
            services.AddAzureClients(clients => clients.ConfigureDefaults(o => o.AddPolicy(counter, Azure.Core.HttpPipelinePosition.PerCall)));
        }

        return services.BuildServiceProvider();
    }
}
