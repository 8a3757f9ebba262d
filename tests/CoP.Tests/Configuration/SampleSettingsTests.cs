using System.Text.Json;
using CoP.Functions;
using CoP.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace CoP.Tests.Configuration;

public sealed class SampleSettingsTests
{
    [Fact]
    public async Task TheSampleSettingsStartTheAppAsTheHostReadsThem()
    {
        // The host passes Values as environment variables, where "__" separates sections.
        var values = SampleValues().ToDictionary(v => v.Key.Replace("__", ":", StringComparison.Ordinal), v => (string?)v.Value);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(values);
        builder.Services.AddCommunityBackend(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync(TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void EveryAppSettingIsDocumentedInTheSettingsPage()
    {
        var settings = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "functions", "CONFIGURATION.md"));

        // Settings named by an id (several signing keys) are documented once with the id as <id>.
        static string Documented(string key) => key.StartsWith("Tokens__Keys__", StringComparison.Ordinal) ? "Tokens__Keys__<id>" : key;

        Assert.All(SampleValues().Keys, key => Assert.Contains($"`{Documented(key)}`", settings, StringComparison.Ordinal));
    }

    /// <summary>The Values of local.settings.sample.json, by the names the host gives them (<c>Section__Key</c>).</summary>
    internal static Dictionary<string, string> SampleValues()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "local.settings.sample.json")));
        return sample.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }
}
