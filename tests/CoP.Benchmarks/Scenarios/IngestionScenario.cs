using System.Diagnostics;
using System.Text;
using Azure.Storage.Blobs;
using CoP.Functions.Documents;
using CoP.Shared.Documents;
using CoP.Shared.Storage;
using CoP.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CoP.Benchmarks.Scenarios;

/// <summary>
/// One large upload ingested through the IngestDocument function class (read once, hashed, sniffed, copied
/// server-side, catalogued): MB/s against a raw upload and download of the same file in the same run, and how
/// much the process's memory grew while ingesting (it streams, so it must stay far below the file's size).
/// </summary>
internal sealed class IngestionScenario(BenchmarkOptions options, TestStorageAccount storage)
{
    private static readonly byte[] PdfHeader = Encoding.ASCII.GetBytes("%PDF-1.7\n");

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var outbox = Path.Combine(Path.GetTempPath(), "cop-bench-outbox-" + prefix);
        var bytes = options.IngestMegabytes * 1024L * 1024L;
        await using var provider = BenchmarkApp.Build(storage, prefix, outbox, settings: new Dictionary<string, string?>
        {
            ["Documents:MaxUploadBytes"] = (bytes + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var function = ActivatorUtilities.CreateInstance<IngestDocumentFunction>(provider);
        var uploads = new BlobServiceClient(storage.ConnectionString).GetBlobContainerClient(provider.GetRequiredService<StorageNames>().UploadsContainer);

        try
        {
            await uploads.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

            // Warm-up on a small file: table and container creation and JIT are not part of the figures.
            await IngestAsync(provider, function, uploads, 64 * 1024, cancellationToken);

            var (upload, download, streamingRead, ingest, growth) = await MeasureAsync(provider, function, uploads, bytes, cancellationToken);
            var size = $"size={options.IngestMegabytes}MiB";
            report.Figure("ingestion.rawUpload", Rate(bytes, upload), "MB/s", size);
            report.Figure("ingestion.rawDownload", Rate(bytes, download), "MB/s", $"{size} DownloadToAsync (parallel ranges)");
            report.Figure("ingestion.rawStreamingRead", Rate(bytes, streamingRead), "MB/s", $"{size} one streaming GET, the way ingestion reads");
            report.Figure("ingestion.ingest", Rate(bytes, ingest), "MB/s", $"{size} read+hash+sniff+server-side copy+catalog");
            report.Figure("ingestion.peakMemoryGrowth", growth / 1048576.0, "MiB", "working set peak during ingestion minus before (aim: under 64 MiB)");
            report.Ratio("ingestion.vsRawDownload", "ingestion.ingest", "ingestion.rawDownload");
            report.Ratio("ingestion.vsRawStreamingRead", "ingestion.ingest", "ingestion.rawStreamingRead");
            report.Ratio("ingestion.vsRawUpload", "ingestion.ingest", "ingestion.rawUpload");
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

    private static async Task<(TimeSpan Upload, TimeSpan Download, TimeSpan StreamingRead, TimeSpan Ingest, long MemoryGrowth)> MeasureAsync(
        IServiceProvider provider, IngestDocumentFunction function, BlobContainerClient uploads, long bytes, CancellationToken cancellationToken)
    {
        var document = await AddDocumentAsync(provider, bytes, cancellationToken);
        var blob = uploads.GetBlobClient(document.BlobName);
        var clock = Stopwatch.StartNew();
        await using (var source = new PatternStream(bytes, PdfHeader))
        {
            await blob.UploadAsync(source, overwrite: true, cancellationToken);
        }

        var upload = clock.Elapsed;
        clock.Restart();
        await blob.DownloadToAsync(Stream.Null, cancellationToken);
        var download = clock.Elapsed;
        clock.Restart();
        var streaming = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken);
        await using (var content = streaming.Value.Content)
        {
            await content.CopyToAsync(Stream.Null, cancellationToken);
        }

        var streamingRead = clock.Elapsed;

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = Environment.WorkingSet;
        using var sampling = new CancellationTokenSource();
        var peak = SamplePeakAsync(before, sampling.Token);
        clock.Restart();
        await function.IngestDocument(blob, cancellationToken);
        var ingest = clock.Elapsed;
        await sampling.CancelAsync();
        var growth = await peak - before;

        var ingested = await provider.GetRequiredService<DocumentStore>().GetAsync(document.DocumentId, cancellationToken);
        if (ingested?.DocumentStatus != DocumentStatus.Published || ingested.Bytes != bytes || ingested.Sha256 is null)
        {
            throw new InvalidOperationException($"The benchmark file was not published: {ingested?.Status} {ingested?.Rejection}");
        }

        return (upload, download, streamingRead, ingest, growth);
    }

    private static async Task IngestAsync(IServiceProvider provider, IngestDocumentFunction function, BlobContainerClient uploads, long bytes, CancellationToken cancellationToken)
    {
        var document = await AddDocumentAsync(provider, bytes, cancellationToken);
        var blob = uploads.GetBlobClient(document.BlobName);
        await using (var source = new PatternStream(bytes, PdfHeader))
        {
            await blob.UploadAsync(source, overwrite: true, cancellationToken);
        }

        await function.IngestDocument(blob, cancellationToken);
    }

    /// <summary>A pending document as RequestDocumentUpload records it (the uploader unknown: no email is sent).</summary>
    private static async Task<DocumentEntity> AddDocumentAsync(IServiceProvider provider, long bytes, CancellationToken cancellationToken)
    {
        var document = new DocumentEntity
        {
            PartitionKey = DocumentStore.NewDocumentId(),
            UploaderId = DocumentStore.NewDocumentId(),
            Title = "Benchmark document",
            Topics = "biochar",
            DocumentType = "report",
            Language = "en",
            FileName = "benchmark.pdf",
            DeclaredContentType = FileKinds.Pdf,
            DeclaredBytes = bytes,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await provider.GetRequiredService<DocumentStore>().AddAsync(document, cancellationToken);
        return document;
    }

    // Every 5 ms: fine enough to catch a buffer of the file's size, which would stay for far longer.
    private static async Task<long> SamplePeakAsync(long start, CancellationToken cancellationToken)
    {
        var peak = start;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                peak = Math.Max(peak, Environment.WorkingSet);
            }
        }
        catch (OperationCanceledException)
        {
            // The ingestion finished: the sampling ends with it.
        }

        return Math.Max(peak, Environment.WorkingSet);
    }

    private static double Rate(long bytes, TimeSpan elapsed) => bytes / 1048576.0 / elapsed.TotalSeconds;
}
