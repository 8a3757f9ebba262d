using CoP.Shared.Newsletter.Delivery;
using static CoP.Tests.Newsletter.NewsletterTestFlows;

namespace CoP.Tests.Newsletter;

/// <summary>The ledger's fence on Azurite: a run that lost the issue to another cannot insert a batch row, so it cannot send.</summary>
public sealed class LedgerFenceTests(StorageFixture storage)
{
    [Fact]
    public async Task ARunWhoseLedgerWasTakenCannotInsertItsNextBatch()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var store = app.Get<DeliveryLedgerStore>();
        using var stale = await store.TakeFenceAsync(IssueId, "run-a", Ct);
        Assert.True(await stale.TryInsertBatchRowAsync(Batch("a1"), Ct));

        using var current = await store.TakeFenceAsync(IssueId, "run-b", Ct);

        await Assert.ThrowsAsync<LedgerFenceLostException>(() => stale.TryInsertBatchRowAsync(Batch("a2"), Ct));
        Assert.True(await current.TryInsertBatchRowAsync(Batch("b1"), Ct));
        Assert.True(await current.TryInsertBatchRowAsync(Batch("b2"), Ct));
        Assert.Null(await store.GetLedgerRowAsync(IssueId, NewsletterDeliveryEntity.BatchRow("a2"), Ct));
    }

    [Fact]
    public async Task ABatchRowThatExistsIsReportedAsTakenWithoutLosingTheFence()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var store = app.Get<DeliveryLedgerStore>();
        using var fence = await store.TakeFenceAsync(IssueId, "run-a", Ct);
        Assert.True(await store.TryAddLedgerRowAsync(Batch("tomb"), Ct));

        Assert.False(await fence.TryInsertBatchRowAsync(Batch("tomb"), Ct));
        Assert.True(await fence.TryInsertBatchRowAsync(Batch("next"), Ct));
    }

    private static NewsletterDeliveryEntity Batch(string batchId) => new()
    {
        PartitionKey = IssueId,
        RowKey = NewsletterDeliveryEntity.BatchRow(batchId),
        State = nameof(BatchState.Sending),
        Recipients = 1,
    };
}
