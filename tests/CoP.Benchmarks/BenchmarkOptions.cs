using System.Globalization;

namespace CoP.Benchmarks;

/// <summary>Sizes of the benchmark runs: the defaults, or <c>--quick</c> for a smoke run, each overridable.</summary>
internal sealed record BenchmarkOptions(int EntityCount, int Concurrency, int BatchCount, int BlobMegabytes, int IngestMegabytes)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        var options = args.Contains("--quick")
            ? new BenchmarkOptions(EntityCount: 200, Concurrency: 8, BatchCount: 5, BlobMegabytes: 4, IngestMegabytes: 16)
            : new BenchmarkOptions(EntityCount: 2000, Concurrency: 16, BatchCount: 50, BlobMegabytes: 64, IngestMegabytes: 512);
        for (var i = 0; i < args.Length - 1; i++)
        {
            options = args[i] switch
            {
                "--entities" => options with { EntityCount = Positive(args[i + 1], "--entities") },
                "--concurrency" => options with { Concurrency = Positive(args[i + 1], "--concurrency") },
                "--batches" => options with { BatchCount = Positive(args[i + 1], "--batches") },
                "--blob-mb" => options with { BlobMegabytes = Positive(args[i + 1], "--blob-mb") },
                "--ingest-mb" => options with { IngestMegabytes = Positive(args[i + 1], "--ingest-mb") },
                _ => options,
            };
        }

        return options;
    }

    private static int Positive(string value, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} takes a positive whole number, not '{value}'.");
}
