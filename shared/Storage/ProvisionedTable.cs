using Azure.Data.Tables;

namespace CoP.Shared.Storage;

/// <summary>
/// A table that creates itself (and runs an optional one-time initialisation, such as seeding) on first
/// use, once per process, so that the app starts against an empty storage account. A failed creation is
/// retried by the next caller instead of being remembered.
/// </summary>
public sealed class ProvisionedTable
{
    private readonly TableClient _client;
    private readonly Func<TableClient, CancellationToken, Task>? _initialize;
    private Lazy<Task> _provisioning;

    public ProvisionedTable(TableServiceClient service, string tableName, Func<TableClient, CancellationToken, Task>? initialize = null)
    {
        _client = service.GetTableClient(tableName);
        _initialize = initialize;
        _provisioning = NewProvisioning();
    }

    public string Name => _client.Name;

    public async ValueTask<TableClient> GetClientAsync(CancellationToken cancellationToken = default)
    {
        var provisioning = _provisioning;
        try
        {
            // The shared provisioning task is not tied to one caller's token; each caller may stop waiting.
            await provisioning.Value.WaitAsync(cancellationToken);
        }
        catch when (provisioning.Value.IsFaulted || provisioning.Value.IsCanceled)
        {
            Interlocked.CompareExchange(ref _provisioning, NewProvisioning(), provisioning);
            throw;
        }

        return _client;
    }

    private Lazy<Task> NewProvisioning() => new(ProvisionAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private async Task ProvisionAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await _client.CreateIfNotExistsAsync(timeout.Token);
        if (_initialize is not null)
        {
            await _initialize(_client, timeout.Token);
        }
    }
}
