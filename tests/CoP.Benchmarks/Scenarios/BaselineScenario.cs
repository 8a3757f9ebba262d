using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace CoP.Benchmarks.Scenarios;

/// <summary>
/// Raw storage operations with the SDK clients alone: the floor every scenario of the app is compared to,
/// measured in the same run on the same storage.
/// </summary>
internal sealed class BaselineScenario(BenchmarkOptions options, string connectionString)
{
    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var table = new TableServiceClient(connectionString).GetTableClient(prefix + "Baseline");
        await table.CreateIfNotExistsAsync(cancellationToken);
        var container = new BlobServiceClient(connectionString).GetBlobContainerClient(prefix + "-baseline");
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        try
        {
            await TableInsertAndReadAsync(table, report, cancellationToken);
            await BatchTransactionsAsync(table, report, cancellationToken);
            await BlobTransferAsync(container, report, cancellationToken);
        }
        finally
        {
            await table.DeleteAsync(cancellationToken);
            await container.DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
    }

    private async Task TableInsertAndReadAsync(TableClient table, BenchmarkReport report, CancellationToken cancellationToken)
    {
        var count = options.EntityCount;
        var concurrency = options.Concurrency;
        var payload = new string('x', 200);
        await WarmUpAsync(table, cancellationToken);

        var inserts = await Measure.ConcurrentlyAsync(count, concurrency, i =>
            table.AddEntityAsync(new TableEntity($"p{i % 64}", $"r{i:D8}") { ["Payload"] = payload, ["Number"] = i }, cancellationToken), cancellationToken);
        report.Figure("baseline.table.insert", inserts.PerSecond, "ops/s", inserts.Detail(concurrency));

        var reads = await Measure.ConcurrentlyAsync(count, concurrency, i =>
            table.GetEntityAsync<TableEntity>($"p{i % 64}", $"r{i:D8}", cancellationToken: cancellationToken), cancellationToken);
        report.Figure("baseline.table.pointRead", reads.PerSecond, "ops/s", reads.Detail(concurrency));
    }

    private async Task BatchTransactionsAsync(TableClient table, BenchmarkReport report, CancellationToken cancellationToken)
    {
        const int BatchSize = 100;
        var batches = options.BatchCount;
        var concurrency = Math.Min(options.Concurrency, 4);
        var payload = new string('y', 200);
        var result = await Measure.ConcurrentlyAsync(batches, concurrency, b =>
        {
            var actions = Enumerable.Range(0, BatchSize)
                .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity($"batch{b}", $"r{i:D4}") { ["Payload"] = payload }))
                .ToList();
            return table.SubmitTransactionAsync(actions, cancellationToken);
        }, cancellationToken);
        report.Figure("baseline.table.batch100", result.PerSecond, "batches/s", result.Detail(concurrency));
        report.Figure("baseline.table.batch100.entities", result.PerSecond * BatchSize, "entities/s");
    }

    private async Task BlobTransferAsync(BlobContainerClient container, BenchmarkReport report, CancellationToken cancellationToken)
    {
        var bytes = options.BlobMegabytes * 1024L * 1024L;
        var blob = container.GetBlobClient("baseline.bin");
        await using (var source = new PatternStream(bytes))
        {
            var upload = Stopwatch.StartNew();
            await blob.UploadAsync(source, overwrite: true, cancellationToken);
            upload.Stop();
            report.Figure("baseline.blob.upload", bytes / 1048576.0 / upload.Elapsed.TotalSeconds, "MB/s", $"size={options.BlobMegabytes}MiB");
        }

        var download = Stopwatch.StartNew();
        await blob.DownloadToAsync(Stream.Null, cancellationToken);
        download.Stop();
        report.Figure("baseline.blob.download", bytes / 1048576.0 / download.Elapsed.TotalSeconds, "MB/s", $"size={options.BlobMegabytes}MiB");
    }

    private async Task WarmUpAsync(TableClient table, CancellationToken cancellationToken)
    {
        // Connection set-up and JIT are not part of the figure: the same warm-up as the app's scenarios get (200 calls,
        // then a pause for the tiered JIT), so that both sides of a ratio are measured in their steady state.
        await Measure.ConcurrentlyAsync(200, options.Concurrency, i => table.UpsertEntityAsync(new TableEntity("warmup", $"w{i}"), cancellationToken: cancellationToken), cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
    }
}
