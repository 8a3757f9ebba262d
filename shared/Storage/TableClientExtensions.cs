using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.Storage;

/// <summary>
/// The two conditional writes every store makes, with their expected failures as return values: an insert that
/// finds the row there (409), and a replace whose row changed or vanished since it was read (412, 404). On success
/// the entity carries its new ETag, so it can be written again.
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
}
