using System.Globalization;

namespace CoP.Benchmarks;

/// <summary>
/// Sizes of the benchmark runs: the defaults, or <c>--quick</c> for a smoke run, each overridable; and which
/// scenarios run (<c>--only</c>, names separated by commas; all of them by default).
/// </summary>
internal sealed record BenchmarkOptions(int EntityCount, int Concurrency, int BatchCount, int BlobMegabytes, int IngestMegabytes, int SubscriberCount, int ProjectCount)
{
    public static readonly IReadOnlyList<string> ScenarioNames = ["baseline", "registration", "accesslink", "polls", "ingestion", "newsletter", "events", "projects", "chat"];

    /// <summary>The scenarios to run; empty: all of them.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    public bool Runs(string scenario) => Only.Count == 0 || Only.Contains(scenario, StringComparer.Ordinal);

    public static BenchmarkOptions Parse(string[] args)
    {
        var options = args.Contains("--quick")
            ? new BenchmarkOptions(EntityCount: 200, Concurrency: 8, BatchCount: 5, BlobMegabytes: 4, IngestMegabytes: 16, SubscriberCount: 2000, ProjectCount: 1000)
            : new BenchmarkOptions(EntityCount: 2000, Concurrency: 16, BatchCount: 50, BlobMegabytes: 64, IngestMegabytes: 512, SubscriberCount: 50_000, ProjectCount: 5000);
        for (var i = 0; i < args.Length - 1; i++)
        {
            options = args[i] switch
            {
                "--entities" => options with { EntityCount = Positive(args[i + 1], "--entities") },
                "--concurrency" => options with { Concurrency = Positive(args[i + 1], "--concurrency") },
                "--batches" => options with { BatchCount = Positive(args[i + 1], "--batches") },
                "--blob-mb" => options with { BlobMegabytes = Positive(args[i + 1], "--blob-mb") },
                "--ingest-mb" => options with { IngestMegabytes = Positive(args[i + 1], "--ingest-mb") },
                "--subscribers" => options with { SubscriberCount = Positive(args[i + 1], "--subscribers") },
                "--projects" => options with { ProjectCount = Positive(args[i + 1], "--projects") },
                "--only" => options with { Only = Scenarios(args[i + 1]) },
                _ => options,
            };
        }

        return options;
    }

    private static int Positive(string value, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} takes a positive whole number, not '{value}'.");

    private static string[] Scenarios(string value)
    {
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return names.Length > 0 && names.All(name => ScenarioNames.Contains(name, StringComparer.Ordinal))
            ? names
            : throw new ArgumentException($"--only takes scenario names separated by commas ({string.Join(", ", ScenarioNames)}), not '{value}'.");
    }
}
