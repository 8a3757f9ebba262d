namespace CoP.Shared.Members;

/// <summary>
/// An area that keeps data about a member outside the member row (documents, ballots, email events, newsletter
/// deliveries, ...). The member's export includes what each holder exports, and erasing the member erases what each
/// holder keeps, as its area's retention rules say. Holders register with <c>TryAddEnumerable</c>; the membership
/// area calls them all, so that no area's data is forgotten when a member leaves.
/// </summary>
public interface IMemberDataHolder
{
    /// <summary>The section of the export this holder's records appear under (camelCase, unique).</summary>
    string Section { get; }

    /// <summary>The member's records, JSON-serializable (GDPR art. 15).</summary>
    Task<object?> ExportAsync(MemberEntity member, CancellationToken cancellationToken = default);

    /// <summary>
    /// Erases (or unlinks, where the retention rules keep a record) what this holder keeps about the member. Called
    /// before the member row is deleted, and again by a retried erase: it must be idempotent.
    /// </summary>
    Task EraseAsync(MemberEntity member, CancellationToken cancellationToken = default);
}
