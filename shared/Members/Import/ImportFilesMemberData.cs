namespace CoP.Shared.Members.Import;

/// <summary>
/// The CSV files an operator checked for an import and has not imported yet (kept at most a day). They are not searched
/// for the member's address (the app keeps no way to read an erased address back), so an erase deletes them all: a
/// file checked before the erase cannot bring the erased person back. Not exported (operators' working files).
/// </summary>
public sealed class ImportFilesMemberData(ImportFileStore files) : IMemberDataHolder
{
    public string Section => "importFiles";

    public Task<object?> ExportAsync(MemberEntity member, CancellationToken cancellationToken = default) => Task.FromResult<object?>(null);

    public Task EraseAsync(MemberEntity member, CancellationToken cancellationToken = default) =>
        files.PurgeAsync(DateTimeOffset.MaxValue, cancellationToken);
}
