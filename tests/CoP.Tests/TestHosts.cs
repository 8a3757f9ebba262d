using CoP.Functions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace CoP.Tests;

/// <summary>A host with the app's registrations, for start-up tests: valid required settings, then the test's own.</summary>
internal static class TestHosts
{
    /// <summary>
    /// <paramref name="withStorage"/> adds a storage connection string (nothing connects at start-up), so that each
    /// test sees only the failure it provokes.
    /// </summary>
    public static IHost Build(IReadOnlyDictionary<string, string?> settings, bool withStorage = true)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var values = TestSettings.Required();
        if (withStorage)
        {
            values["Storage:ConnectionString"] = "UseDevelopmentStorage=true";
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddCommunityBackend(builder.Configuration);
        return builder.Build();
    }
}
