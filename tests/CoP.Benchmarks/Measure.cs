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
        return new Throughput(count, clock.Elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.95), latencies);
    }

    /// <summary>The nearest-rank percentile (<paramref name="p"/> from 0 to 1) of some latencies, in any order.</summary>
    public static double Percentile(IEnumerable<double> latencies, double p)
    {
        var sorted = latencies.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>A measured run; <see cref="Latencies"/> holds each operation's latency (ms) by its index, for subsets.</summary>
internal sealed record Throughput(int Operations, TimeSpan Elapsed, double P50Milliseconds, double P95Milliseconds, IReadOnlyList<double> Latencies)
{
    public double PerSecond => Operations / Elapsed.TotalSeconds;

    public string Detail(int concurrency) => $"p50={P50Milliseconds:0.0}ms p95={P95Milliseconds:0.0}ms n={Operations} concurrency={concurrency}";
}
