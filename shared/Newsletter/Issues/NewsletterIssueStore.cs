using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs;
using Azure;
using CoP.Shared.Newsletter.Composition;
using CoP.Shared.Storage;

namespace CoP.Shared.Newsletter.Issues;

/// <summary>
/// Issues (<c>NewsletterIssues</c>), the editorial note, and the frozen content of each issue (blob container
/// <c>newsletter</c>). Expected outcomes (row changed concurrently, already there) are return values; anything else escapes.
/// </summary>
public sealed class NewsletterIssueStore(TableServiceClient tables, BlobServiceClient blobs, StorageNames names)
{
    private static readonly JsonSerializerOptions ContentJson = new(JsonSerializerDefaults.Web);

    private readonly ProvisionedTable _issues = new(tables, names.NewsletterIssues);
    private readonly ProvisionedContainer _content = new(blobs.GetBlobContainerClient(names.NewsletterContainer));

    public async Task<NewsletterIssueEntity?> GetIssueAsync(string issueId, CancellationToken cancellationToken = default)
    {
        if (!NewsletterSchedule.IsValidIssueId(issueId))
        {
            return null;
        }

        var table = await _issues.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<NewsletterIssueEntity>(NewsletterIssueEntity.Partition, issueId, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>Inserts a new issue; false when a concurrent run inserted it first.</summary>
    public async Task<bool> TryAddIssueAsync(NewsletterIssueEntity issue, CancellationToken cancellationToken = default)
    {
        var table = await _issues.GetClientAsync(cancellationToken);
        return await table.TryAddAsync(issue, cancellationToken);
    }

    /// <summary>Replaces an issue read earlier; false when it changed since (ETag).</summary>
    public async Task<bool> TryReplaceIssueAsync(NewsletterIssueEntity issue, CancellationToken cancellationToken = default)
    {
        var table = await _issues.GetClientAsync(cancellationToken);
        return await table.TryReplaceAsync(issue, cancellationToken);
    }

    /// <summary>Every issue, oldest first (a weekly newsletter makes 52 rows a year).</summary>
    public async IAsyncEnumerable<NewsletterIssueEntity> ListIssuesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await _issues.GetClientAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter<NewsletterIssueEntity>(e => e.PartitionKey == NewsletterIssueEntity.Partition);
        await foreach (var issue in table.QueryAsync<NewsletterIssueEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return issue;
        }
    }

    public async Task<NewsletterNoteEntity?> GetNoteAsync(CancellationToken cancellationToken = default)
    {
        var table = await _issues.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<NewsletterNoteEntity>(NewsletterNoteEntity.Partition, NewsletterNoteEntity.Row, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    public async Task SetNoteAsync(string text, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var table = await _issues.GetClientAsync(cancellationToken);
        await table.UpsertEntityAsync(new NewsletterNoteEntity { Text = text, UpdatedAt = at }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Removes the note read earlier, unless an admin changed it since (then the new text waits for the next issue).</summary>
    public async Task<bool> TryClearNoteAsync(NewsletterNoteEntity note, CancellationToken cancellationToken = default)
    {
        var table = await _issues.GetClientAsync(cancellationToken);
        try
        {
            await table.DeleteEntityAsync(note.PartitionKey, note.RowKey, note.ETag, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Stores an issue's content unless it is stored already, and returns the stored one: the first run to
    /// compose an issue fixes its content for every later run.
    /// </summary>
    public async Task<NewsletterContent> SaveContentAsync(NewsletterContent content, CancellationToken cancellationToken = default)
    {
        var container = await _content.GetClientAsync(cancellationToken);
        var blob = container.GetBlobClient(ContentBlobName(content.IssueId));
        try
        {
            await blob.UploadAsync(
                BinaryData.FromObjectAsJson(content, ContentJson),
                new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                },
                cancellationToken);
            return content;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return await LoadContentAsync(content.IssueId, cancellationToken)
                ?? throw new InvalidOperationException($"The content of issue {content.IssueId} exists but cannot be read.");
        }
    }

    public async Task<NewsletterContent?> LoadContentAsync(string issueId, CancellationToken cancellationToken = default)
    {
        var container = await _content.GetClientAsync(cancellationToken);
        try
        {
            var download = await container.GetBlobClient(ContentBlobName(issueId)).DownloadContentAsync(cancellationToken);
            return download.Value.Content.ToObjectFromJson<NewsletterContent>(ContentJson);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private static string ContentBlobName(string issueId) => $"issues/{issueId}.json";
}
