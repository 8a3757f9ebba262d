namespace CoP.Shared.Storage;

/// <summary>
/// A storage resource (table, container, queue) that creates itself on first use, once per process, so that the app
/// starts against an empty account (infra creates them in Azure; Azurite and test prefixes start empty). A failed
/// creation is retried by the next caller instead of being remembered.
/// </summary>
public sealed class Provisioned<TClient>
    where TClient : class
{
    private readonly TClient _client;
    private readonly Func<TClient, CancellationToken, Task> _provision;
    private Lazy<Task> _provisioning;

    public Provisioned(TClient client, Func<TClient, CancellationToken, Task> provision)
    {
        _client = client;
        _provision = provision;
        _provisioning = NewProvisioning();
    }

    public async ValueTask<TClient> GetClientAsync(CancellationToken cancellationToken = default)
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
        await _provision(_client, timeout.Token);
    }
}
