using System.Diagnostics;

namespace CoP.Benchmarks;

/// <summary>Runs operations at a fixed concurrency and reports throughput and latency percentiles.</summary>
internal static class Measure
{
    public static async Task<Throughput> ConcurrentlyAsync(int count, int concurrency, Func<int, Task> operation, CancellationToken cancellationToken)
    {
        var latencies = new double[count];
        var next = -1;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var started = Stopwatch.GetTimestamp();
                await operation(index);
                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        });
        await Task.WhenAll(workers);
        clock.Stop();
        Array.Sort(latencies);
        return new Throughput(count, clock.Elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.95));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

internal sealed record Throughput(int Operations, TimeSpan Elapsed, double P50Milliseconds, double P95Milliseconds)
{
    public double PerSecond => Operations / Elapsed.TotalSeconds;

    public string Detail(int concurrency) => $"p50={P50Milliseconds:0.0}ms p95={P95Milliseconds:0.0}ms n={Operations} concurrency={concurrency}";
}
