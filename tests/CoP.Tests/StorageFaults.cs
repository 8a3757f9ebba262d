using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;

namespace CoP.Tests;

/// <summary>
/// Storage faults that the Azure SDK's own retries turn into surprises for the app: a write that reached storage and
/// was applied, but whose answer never came back (a dropped connection, a network timeout), is sent again by the
/// client's retry policy and then meets its own effect (409 for an insert, 412 for a conditional replace, 404 for a
/// conditional delete).
/// </summary>
internal static class StorageFaults
{
    /// <summary>A table service client of <paramref name="app"/>'s account whose requests pass through <paramref name="policy"/> on every attempt.</summary>
    public static TableServiceClient TablesWith(TestApp app, HttpPipelinePolicy policy)
    {
        var options = new TableClientOptions();
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        return new TableServiceClient(app.ConnectionString, options);
    }

    /// <summary>
    /// Lets the first request that <paramref name="matches"/> reach storage, then loses its answer: the client's retry
    /// policy sends the same request again, as it does after a network timeout.
    /// </summary>
    public static HttpPipelinePolicy LoseFirstAnswer(Func<Request, bool> matches) => new LosingPolicy(matches);

    /// <summary>
    /// Runs <paramref name="before"/> once, just before the first request that <paramref name="matches"/> is sent, and sends
    /// that request only once it has finished: a concurrent writer that gets there first, with no timing involved. Later
    /// matching requests pass at once.
    /// </summary>
    public static HttpPipelinePolicy BeforeFirst(Func<Request, bool> matches, Func<Task> before) => new PrecedingPolicy(matches, before);

    /// <summary>True for a request of <paramref name="method"/> to the table named <paramref name="table"/> (its base name, e.g. "MemberEmails").</summary>
    public static bool Is(Request request, RequestMethod method, string table) =>
        request.Method == method && request.Uri.Path.Contains(table, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A per-retry policy: the request has been answered when <see cref="LoseAnswer"/> runs, and the exception it throws
    /// is a transport failure (<see cref="IOException"/>), which the client's retry policy retries at once (the tests'
    /// clients wait 10 ms). Exactly one answer is lost, whichever thread gets there first (an interlocked flag).
    /// </summary>
    private sealed class LosingPolicy(Func<Request, bool> matches) : HttpPipelinePolicy
    {
        private int _lost;

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            LoseAnswer(message);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ProcessNext(message, pipeline);
            LoseAnswer(message);
        }

        private void LoseAnswer(HttpMessage message)
        {
            if (matches(message.Request) && Interlocked.Exchange(ref _lost, 1) == 0)
            {
                throw new IOException("The connection was reset before the answer arrived (test fault).");
            }
        }
    }

    private sealed class PrecedingPolicy(Func<Request, bool> matches, Func<Task> before) : HttpPipelinePolicy
    {
        private int _done;

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (matches(message.Request) && Interlocked.Exchange(ref _done, 1) == 0)
            {
                await before();
            }

            await ProcessNextAsync(message, pipeline);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
    }
}

/// <summary>The system clock, moved forward by the test: its timers are real, so timeouts still fire.</summary>
internal sealed class SteppedTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
