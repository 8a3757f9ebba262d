using Azure.Data.Tables;
using CoP.Shared.Storage;

namespace CoP.Shared.Events;

/// <summary>
/// How many seats of an event are held: its <c>seat-{k}</c> rows in <c>EventRegistrations</c> (a seat row exists only
/// while someone holds it), read as keys only. An update reads it so that a capacity never goes below the seats taken.
/// </summary>
public sealed class TakenSeats(TableServiceClient tables, StorageNames names)
{
    private readonly ProvisionedTable _registrations = new(tables, names.EventRegistrations);

    public async Task<int> CountAsync(string eventId, CancellationToken cancellationToken = default)
    {
        var table = await _registrations.GetClientAsync(cancellationToken);

        // "seat." is the first key after every "seat-…" one ('.' follows '-').
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {eventId} and RowKey ge {"seat-"} and RowKey lt {"seat."}");
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            count++;
        }

        return count;
    }
}
