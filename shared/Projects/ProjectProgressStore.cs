using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using CoP.Shared.Storage;

namespace CoP.Shared.Projects;

/// <summary>
/// Row of the <c>ProjectUpdates</c> table: one progress note. PartitionKey the project id, RowKey
/// <c>{posted-at ticks:D19}-{update id}</c>, so that a project's timeline is one partition read in posting order. Beside
/// the notes, in the same partition, a key row (RowKey <c>~{key}</c>, after every note) per note added once
/// (<see cref="ProjectProgressStore.AddOnceAsync"/>) names the note it stands for.
/// </summary>
public sealed class ProjectProgressEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string UpdateId { get; set; } = "";
    public string Date { get; set; } = "";
    public string Language { get; set; } = "";
    public string Text { get; set; } = "";
    public string DocumentIds { get; set; } = "[]";
    public string? AuthorMemberId { get; set; }
    public DateTimeOffset PostedAt { get; set; }

    public static string RowKeyOf(DateTimeOffset postedAt, string updateId) =>
        string.Create(CultureInfo.InvariantCulture, $"{postedAt.UtcTicks:D19}-{updateId}");

    public static ProjectProgressEntity From(ProjectProgress note) => new()
    {
        PartitionKey = note.ProjectId,
        RowKey = RowKeyOf(note.PostedAt, note.UpdateId),
        UpdateId = note.UpdateId,
        Date = note.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Language = note.Language,
        Text = note.Text,
        DocumentIds = JsonSerializer.Serialize(note.DocumentIds, JsonSerializerOptions.Web),
        AuthorMemberId = note.AuthorMemberId,
        PostedAt = note.PostedAt,
    };

    public ProjectProgress ToProgress() => new(
        PartitionKey,
        UpdateId,
        DateOnly.ParseExact(Date, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        Language,
        Text,
        JsonSerializer.Deserialize<List<string>>(DocumentIds, JsonSerializerOptions.Web) ?? [],
        AuthorMemberId,
        PostedAt);
}

/// <summary>Progress notes in Table Storage, one partition per project.</summary>
public sealed class ProjectProgressStore(TableServiceClient tables, StorageNames names)
{
    private const string KeyRowPrefix = "~";

    private readonly ProvisionedTable _updates = new(tables, names.ProjectUpdates);

    /// <summary>Update ids: 32 lowercase hex digits.</summary>
    public static bool IsValidUpdateId(string? updateId) => ProjectStore.IsValidProjectId(updateId);

    public static string NewUpdateId() => Guid.NewGuid().ToString("N");

    public async Task AddAsync(ProjectProgress note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(note);
        var table = await _updates.GetClientAsync(cancellationToken);
        await table.AddEntityAsync(ProjectProgressEntity.From(note), cancellationToken);
    }

    /// <summary>
    /// Adds <paramref name="note"/> unless a note was added under <paramref name="key"/> before (the same note sent twice,
    /// at once or after a lost answer): the note as stored, and whether this call added it. The note and its key row are
    /// written together or not at all.
    /// </summary>
    public async Task<(ProjectProgress Note, bool Added)> AddOnceAsync(ProjectProgress note, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var table = await _updates.GetClientAsync(cancellationToken);
        var keyRow = new TableEntity(note.ProjectId, KeyRowPrefix + key) { ["NoteRowKey"] = ProjectProgressEntity.RowKeyOf(note.PostedAt, note.UpdateId) };
        TableTransactionAction[] writes = [new(TableTransactionActionType.Add, keyRow), new(TableTransactionActionType.Add, ProjectProgressEntity.From(note))];
        if (await table.TrySubmitTransactionAsync(writes, cancellationToken))
        {
            return (note, true);
        }

        var earlier = await table.GetEntityAsync<TableEntity>(note.ProjectId, KeyRowPrefix + key, cancellationToken: cancellationToken);
        var row = await table.GetEntityAsync<ProjectProgressEntity>(note.ProjectId, earlier.Value.GetString("NoteRowKey"), cancellationToken: cancellationToken);
        return (row.Value.ToProgress(), false);
    }

    /// <summary>A project's notes, oldest first.</summary>
    public Task<IReadOnlyList<ProjectProgress>> ListAsync(string projectId, CancellationToken cancellationToken = default) =>
        QueryAsync(TableClient.CreateQueryFilter<ProjectProgressEntity>(e => e.PartitionKey == projectId && e.RowKey.CompareTo(KeyRowPrefix) < 0), cancellationToken);

    /// <summary>Every note posted at or after <paramref name="since"/>, across projects (the newsletter), oldest first.</summary>
    public Task<IReadOnlyList<ProjectProgress>> ListPostedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        QueryAsync(TableClient.CreateQueryFilter<ProjectProgressEntity>(e => e.PostedAt >= since), cancellationToken);

    /// <summary>The notes a member wrote, across projects (their export and erase).</summary>
    public Task<IReadOnlyList<ProjectProgress>> ListByAuthorAsync(string memberId, CancellationToken cancellationToken = default) =>
        QueryAsync(TableClient.CreateQueryFilter<ProjectProgressEntity>(e => e.AuthorMemberId == memberId), cancellationToken);

    /// <summary>Forgets who wrote a note (an erase): the note stays with its project.</summary>
    public async Task ClearAuthorAsync(ProjectProgress note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(note);
        var table = await _updates.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<ProjectProgressEntity>(note.ProjectId, ProjectProgressEntity.RowKeyOf(note.PostedAt, note.UpdateId), cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value!.AuthorMemberId is null)
        {
            return;
        }

        // A null property is left out of a merge, so the row is replaced (a note is never edited: no race to lose).
        row.Value.AuthorMemberId = null;
        await table.UpdateEntityAsync(row.Value, ETag.All, TableUpdateMode.Replace, cancellationToken);
    }

    private async Task<IReadOnlyList<ProjectProgress>> QueryAsync(string filter, CancellationToken cancellationToken)
    {
        var table = await _updates.GetClientAsync(cancellationToken);
        var notes = new List<ProjectProgress>();
        await foreach (var row in table.QueryAsync<ProjectProgressEntity>(filter, cancellationToken: cancellationToken))
        {
            notes.Add(row.ToProgress());
        }

        return [.. notes.OrderBy(n => n.PostedAt).ThenBy(n => n.UpdateId, StringComparer.Ordinal)];
    }
}
