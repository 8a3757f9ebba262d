using CoP.Functions.Email;
using CoP.Shared.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CoP.Benchmarks;

/// <summary>
/// The host's queue trigger on the mail queue (<see cref="QueueTrigger"/>): every queued mail through
/// <see cref="DeliverEmailFunction"/>. Mail left in the queue afterwards (held or deferred, never delivered) fails the run.
/// </summary>
internal static class MailQueueTrigger
{
    public static Task<Throughput> DeliverAllAsync(
        IServiceProvider provider, string connectionString, int concurrency, CancellationToken cancellationToken)
    {
        var function = ActivatorUtilities.CreateInstance<DeliverEmailFunction>(provider);
        return QueueTrigger.RunAllAsync(
            connectionString,
            provider.GetRequiredService<StorageNames>().MailQueue,
            message => function.DeliverEmail(message, cancellationToken),
            concurrency,
            cancellationToken);
    }
}
