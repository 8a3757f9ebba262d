using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.Storage;

/// <summary>
/// The conditional writes the stores make, with their expected failures as return values: an insert that finds the
/// row there (409), a replace whose row changed or vanished since it was read (412, 404), and an entity-group
/// transaction of such writes, which fails whole. On success each entity carries its new ETag, so it can be written
/// again.
/// </summary>
public static class TableClientExtensions
{
    /// <summary>Inserts <paramref name="entity"/>; false when a row with its keys exists already.</summary>
    public static async Task<bool> TryAddAsync<T>(this TableClient table, T entity, CancellationToken cancellationToken = default)
        where T : ITableEntity
    {
        try
        {
            var response = await table.AddEntityAsync(entity, cancellationToken);
            entity.ETag = response.Headers.ETag ?? entity.ETag;
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Replaces the row <paramref name="entity"/> was read from, if unchanged since (its ETag); false otherwise.</summary>
    public static async Task<bool> TryReplaceAsync<T>(this TableClient table, T entity, CancellationToken cancellationToken = default)
        where T : ITableEntity
    {
        try
        {
            var response = await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
            entity.ETag = response.Headers.ETag ?? entity.ETag;
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Submits an entity-group transaction (one partition, all or nothing); false when one of its inserts found its row
    /// there or one of its conditional writes found its row changed or gone (409, 412, 404): then nothing was written.
    /// </summary>
    public static async Task<bool> TrySubmitTransactionAsync(
        this TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await table.SubmitTransactionAsync(actions, cancellationToken);
            for (var i = 0; i < actions.Count && i < response.Value.Count; i++)
            {
                actions[i].Entity.ETag = response.Value[i].Headers.ETag ?? actions[i].Entity.ETag;
            }

            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
        {
            return false;
        }
    }
}
