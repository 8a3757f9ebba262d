using CoP.Benchmarks;
using CoP.Benchmarks.Scenarios;
using CoP.TestSupport;

// Usage: dotnet run -c Release --project tests/CoP.Benchmarks -- [--quick] [--entities N] [--concurrency N] [--batches N] [--blob-mb N] [--ingest-mb N]
//        [--subscribers N] [--projects N]
//        [--only baseline,registration,accesslink,polls,ingestion,newsletter,events,projects,chat]
// Storage: Azurite started here, or the account in COP_TEST_STORAGE_CONNECTION_STRING.
var options = BenchmarkOptions.Parse(args);
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

await using var storage = await TestStorageAccount.OpenAsync(cancellation.Token);
var report = new BenchmarkReport(Console.Out);
report.Setting("storage", storage.IsLocalAzurite ? "azurite" : "configured-account");
report.Setting("entities", options.EntityCount);
report.Setting("concurrency", options.Concurrency);
report.Setting("batches", options.BatchCount);
report.Setting("blobMegabytes", options.BlobMegabytes);
report.Setting("ingestMegabytes", options.IngestMegabytes);
report.Setting("subscribers", options.SubscriberCount);
report.Setting("projects", options.ProjectCount);
report.Setting("scenarios", options.Only.Count == 0 ? "all" : string.Join(',', options.Only));
report.Setting("processorCount", Environment.ProcessorCount);

if (options.Runs("baseline"))
{
    await new BaselineScenario(options, storage.ConnectionString).RunAsync(report, cancellation.Token);
}

if (options.Runs("registration"))
{
    await new RegistrationScenario(options, storage).RunAsync(report, cancellation.Token);
}

if (options.Runs("accesslink"))
{
    await new AccessLinkScenario(options, storage).RunAsync(report, cancellation.Token);
}

if (options.Runs("polls"))
{
    await new PollsScenario(options, storage).RunAsync(report, cancellation.Token);
}

if (options.Runs("events"))
{
    await new EventRegistrationScenario(options, storage).RunAsync(report, cancellation.Token);
}

if (options.Runs("projects"))
{
    await new ProjectMapScenario(options, storage).RunAsync(report, cancellation.Token);
}

if (options.Runs("chat"))
{
    await new ChatScenario(options, storage).RunAsync(report, cancellation.Token);
}

if (options.Runs("ingestion"))
{
    await new IngestionScenario(options, storage).RunAsync(report, cancellation.Token);
}

if (options.Runs("newsletter"))
{
    await new NewsletterScenario(options, storage).RunAsync(report, cancellation.Token);
}

report.WriteJson();
