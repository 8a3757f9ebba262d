using CoP.Shared.Hosting;
using Microsoft.Extensions.Configuration;

namespace CoP.Tests.Hosting;

public sealed class HostingEnvironmentTests
{
    [Theory]
    [InlineData(HostingEnvironment.SiteNameVariable, "cop-func-7f3a")]
    [InlineData(HostingEnvironment.InstanceIdVariable, "8c5d1e0b6f0a4b5f9a2e7d3c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a")]
    public void RunsInAzureWhenThePlatformNamesTheSiteOrTheInstance(string variable, string value)
    {
        Assert.True(From(new() { [variable] = value }).RunsInAzure);
    }

    [Fact]
    public void DoesNotRunInAzureWhenOnlyCoreToolsHasSetItsVariables()
    {
        var hosting = From(new()
        {
            ["WEBSITE_HOSTNAME"] = "localhost:7071",
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development",
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            [HostingEnvironment.SiteNameVariable] = "",
        });

        Assert.False(hosting.RunsInAzure);
    }

    private static HostingEnvironment From(Dictionary<string, string?> values) =>
        HostingEnvironment.From(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
}
