using Azure.Core;
using Azure.Core.Pipeline;

namespace CoP.Benchmarks;

/// <summary>Counts every request the storage clients send (each retry too): storage round trips.</summary>
internal sealed class StorageRequestCounter : HttpPipelineSynchronousPolicy
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
}
