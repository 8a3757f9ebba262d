using Azure.Data.Tables;

namespace CoP.Shared.Storage;

/// <summary>
/// A table that creates itself on first use and then runs an optional one-time initialisation, such as seeding
/// (see <see cref="Provisioned{TClient}"/>).
/// </summary>
public sealed class ProvisionedTable
{
    private readonly Provisioned<TableClient> _table;

    public ProvisionedTable(TableServiceClient service, string tableName, Func<TableClient, CancellationToken, Task>? initialize = null)
    {
        var client = service.GetTableClient(tableName);
        Name = client.Name;
        _table = new(client, async (table, cancellationToken) =>
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
            if (initialize is not null)
            {
                await initialize(table, cancellationToken);
            }
        });
    }

    public string Name { get; }

    public ValueTask<TableClient> GetClientAsync(CancellationToken cancellationToken = default) => _table.GetClientAsync(cancellationToken);
}
