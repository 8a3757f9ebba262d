using Azure.Data.Tables;
using CoP.Shared.Storage;

namespace CoP.Shared.Console;

/// <summary>One operator action as the audit log keeps it: who, when, what, on which id, and a short outcome.</summary>
public sealed record AuditEntry(DateTimeOffset At, string OperatorId, string OperatorLabel, string Action, string Target, string Detail);

/// <summary>A page of the audit log, newest first, and the cursor of the next page (null on the last).</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string? NextCursor);

/// <summary>
/// The <c>OperatorAudit</c> table: every action an operator takes in the console, appended, never changed. Row keys
/// count down from the end of time, so a listing reads the newest first. Targets are ids (a document, a poll, a
/// member id, a topic slug) and details are outcomes and counts, never an address or a name.
/// </summary>
public sealed class OperatorAudit(TableServiceClient tables, StorageNames names, TimeProvider time)
{
    private const string Partition = "audit";
    private const int MaxTextLength = 500;

    private readonly ProvisionedTable _table = new(tables, names.OperatorAudit);

    /// <summary>Appends what <paramref name="operator"/> just did: <paramref name="action"/> (e.g. <c>document.approve</c>) on <paramref name="target"/>.</summary>
    public async Task RecordAsync(Operator @operator, string action, string target, string detail = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(@operator);
        ArgumentException.ThrowIfNullOrEmpty(action);
        var table = await _table.GetClientAsync(cancellationToken);
        var at = time.GetUtcNow();
        await table.AddEntityAsync(
            new TableEntity(Partition, $"{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}-{Guid.NewGuid():N}")
            {
                ["At"] = at,
                ["OperatorId"] = @operator.Id,
                ["OperatorLabel"] = @operator.Label,
                ["Action"] = Bounded(action),
                ["Target"] = Bounded(target),
                ["Detail"] = Bounded(detail),
            },
            cancellationToken);
    }

    /// <summary>A page of at most <paramref name="pageSize"/> entries, newest first, after <paramref name="cursor"/> (the last row of the page before).</summary>
    public async Task<AuditPage> ListAsync(string? cursor, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetClientAsync(cancellationToken);
        var after = IsCursor(cursor) ? cursor : "";
        var entries = new List<(string RowKey, AuditEntry Entry)>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition && e.RowKey.CompareTo(after) > 0, maxPerPage: pageSize + 1, cancellationToken: cancellationToken))
        {
            entries.Add((entity.RowKey, ToEntry(entity)));
            if (entries.Count > pageSize)
            {
                break;
            }
        }

        var more = entries.Count > pageSize;
        var shown = entries.Take(pageSize).ToList();
        return new AuditPage([.. shown.Select(e => e.Entry)], more ? shown[^1].RowKey : null);
    }

    /// <summary>Every entry, newest first (for tests and exports; the log is small).</summary>
    public async IAsyncEnumerable<AuditEntry> ListAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await _table.GetClientAsync(cancellationToken);
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
        {
            yield return ToEntry(entity);
        }
    }

    // A cursor is a row key of this table (19 digits, a hyphen, 32 hexadecimal): anything else starts from the newest.
    private static bool IsCursor(string? cursor) =>
        cursor is { Length: 52 } && cursor[19] == '-' && cursor[..19].All(char.IsAsciiDigit) && cursor[20..].All(char.IsAsciiHexDigitLower);

    private static string Bounded(string value) => value.Length <= MaxTextLength ? value : value[..MaxTextLength];

    private static AuditEntry ToEntry(TableEntity entity) => new(
        entity.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
        entity.GetString("OperatorId") ?? "",
        entity.GetString("OperatorLabel") ?? "",
        entity.GetString("Action") ?? "",
        entity.GetString("Target") ?? "",
        entity.GetString("Detail") ?? "");
}
