using CoP.Functions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CoP.Tests.Configuration;

public sealed class StartupValidationTests
{
    [Fact]
    public async Task StartFailsNamingTheSettingWhenStorageIsNotConfigured()
    {
        using var host = BuildHost(new Dictionary<string, string?>());

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Storage__ConnectionString", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartFailsWhenOnlyOneServiceUriIsConfigured()
    {
        using var host = BuildHost(new Dictionary<string, string?> { ["Storage:BlobServiceUri"] = "https://account.blob.core.windows.net" });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Storage__TableServiceUri", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Storage:ResourcePrefix", "Bad_Prefix", "Storage__ResourcePrefix")]
    [InlineData("Storage:ResourcePrefix", "9starts-with-digit", "Storage__ResourcePrefix")]
    [InlineData("Storage:BlobServiceUri", "/relative/path", "Storage__BlobServiceUri")]
    [InlineData("Storage:NetworkTimeout", "-00:00:05", "Storage__NetworkTimeout")]
    public async Task StartFailsNamingTheMalformedSetting(string key, string value, string expectedName)
    {
        using var host = BuildHost(new Dictionary<string, string?>
        {
            ["Storage:BlobServiceUri"] = "https://account.blob.core.windows.net",
            ["Storage:TableServiceUri"] = "https://account.table.core.windows.net",
            [key] = value,
        });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(expectedName, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Privacy:HashKey", null, "Privacy__HashKey")]
    [InlineData("Privacy:HashKey", "c2hvcnQ=", "Privacy__HashKey")]
    [InlineData("Privacy:HashKey", "not base64!", "Privacy__HashKey")]
    [InlineData("Privacy:BallotKey", null, "Privacy__BallotKey")]
    [InlineData("Privacy:BallotKey", "c2hvcnQ=", "Privacy__BallotKey")]
    [InlineData("Privacy:BallotKey", "not base64!", "Privacy__BallotKey")]
    [InlineData("Privacy:BallotKey", "AAcOFRwjKjE4P0ZNVFtiaXB3foWMk5qhqK+2vcTL0tk=", "Privacy__BallotKey must differ from Privacy__HashKey")]
    [InlineData("Privacy:PolicyVersion", "", "Privacy__PolicyVersion")]
    [InlineData("Tokens:ActiveKey", "k9", "Tokens__ActiveKey")]
    [InlineData("Tokens:Keys:k1", "c2hvcnQ=", "Tokens__Keys__k1")]
    [InlineData("Tokens:ProfileLifetime", "-1.00:00:00", "Tokens__ProfileLifetime")]
    [InlineData("Tokens:VoteLifetime", "0.00:00:00", "Tokens__VoteLifetime")]
    [InlineData("Tokens:AccountLifetime", "02:00:00", "Tokens__AccountLifetime")]
    [InlineData("Membership:PublicApiBaseUrl", null, "Membership__PublicApiBaseUrl")]
    [InlineData("Membership:PublicApiBaseUrl", "http://cop.example.org", "Membership__PublicApiBaseUrl")]
    [InlineData("Membership:ThankYouPageUrl", "/thanks", "Membership__ThankYouPageUrl")]
    [InlineData("Polls:RecentlyClosedDays", "-1", "Polls__RecentlyClosedDays")]
    [InlineData("Polls:BallotCastPageUrl", "http://community.example.org/voted", "Polls__BallotCastPageUrl")]
    [InlineData("Polls:ResultsCacheDuration", "-00:00:01", "Polls__ResultsCacheDuration")]
    [InlineData("Polls:ResultsCacheDuration", "00:05:00", "Polls__ResultsCacheDuration")]
    [InlineData("Membership:MaxEmailsPerAddressPerHour", "0", "Membership__MaxEmailsPerAddressPerHour")]
    [InlineData("Membership:HoneypotField", "a b", "Membership__HoneypotField")]
    public async Task StartFailsNamingAMissingOrMalformedMembershipSetting(string key, string? value, string expectedName)
    {
        using var host = BuildHost(new Dictionary<string, string?> { ["Storage:ConnectionString"] = "UseDevelopmentStorage=true", [key] = value });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(expectedName, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartFailsNamingASettingThatIsNotAValueOfItsType()
    {
        using var host = BuildHost(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Storage:NetworkTimeout"] = "thirty seconds",
        });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Storage:NetworkTimeout", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegistrationFailsNamingAMalformedHealthTimeout()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Health:CheckTimeout"] = "00:00:00" })
            .Build();

        var failure = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddCommunityBackend(configuration));

        Assert.Contains("Health__CheckTimeout", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Smtp")]
    public async Task StartFailsNamingEmailTransportWhenItIsNotChosen(string? transport)
    {
        using var host = TestHosts.Build(new Dictionary<string, string?> { ["Email:Transport"] = transport });

        var failure = await Record.ExceptionAsync(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.NotNull(failure);
        Assert.Contains(transport is "Smtp" ? "Email:Transport" : "Email__Transport", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartFailsInAzureWhenMailWouldGoToTheLocalOutbox()
    {
        using var host = TestHosts.Build(new Dictionary<string, string?>
        {
            ["WEBSITE_SITE_NAME"] = "cop-func",
            ["Email:Transport"] = "Outbox",
            ["Privacy:HashKey"] = FreshKey(),
            ["Privacy:BallotKey"] = FreshKey(),
            ["Tokens:Keys:k1"] = FreshKey(),
        });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Email__Transport is Outbox, which is refused in Azure", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartSucceedsInAzureWithSendGridAndNoKeySoThatHealthCanSayWhy()
    {
        using var host = TestHosts.Build(new Dictionary<string, string?>
        {
            ["WEBSITE_SITE_NAME"] = "cop-func",
            ["Email:Transport"] = "SendGrid",
            ["Email:SendGridApiKey"] = "@Microsoft.KeyVault(VaultName=kv-cop;SecretName=sendgrid-api-key)",
            ["Privacy:HashKey"] = FreshKey(),
            ["Privacy:BallotKey"] = FreshKey(),
            ["Tokens:Keys:k1"] = FreshKey(),
        });

        await host.StartAsync(TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task StartSucceedsWithIdentityBasedStorageSettings()
    {
        using var host = BuildHost(new Dictionary<string, string?>
        {
            ["Storage:BlobServiceUri"] = "https://account.blob.core.windows.net",
            ["Storage:TableServiceUri"] = "https://account.table.core.windows.net",
            ["Storage:QueueServiceUri"] = "https://account.queue.core.windows.net",
            ["Storage:ManagedIdentityClientId"] = "00000000-0000-0000-0000-000000000001",
        });

        await host.StartAsync(TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    private static string FreshKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private static IHost BuildHost(Dictionary<string, string?> settings) => TestHosts.Build(settings, withStorage: false);
}
