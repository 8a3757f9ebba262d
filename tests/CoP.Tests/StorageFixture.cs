using CoP.TestSupport;

[assembly: AssemblyFixture(typeof(CoP.Tests.StorageFixture))]

namespace CoP.Tests;

/// <summary>One storage account (Azurite started here, or a configured one) for the whole test run.</summary>
public sealed class StorageFixture : IAsyncLifetime
{
    private TestStorageAccount? _account;

    public TestStorageAccount Account => _account ?? throw new InvalidOperationException("Storage is not started.");

    public async ValueTask InitializeAsync() => _account = await TestStorageAccount.OpenAsync();

    public async ValueTask DisposeAsync()
    {
        if (_account is not null)
        {
            await _account.DisposeAsync();
        }
    }
}
