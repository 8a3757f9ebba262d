using System.Security.Cryptography;
using CoP.Functions;
using CoP.Shared.Hosting;
using CoP.Shared.Privacy;
using CoP.Tests.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace CoP.Tests.Privacy;

/// <summary>
/// Start-up refuses, in Azure, the secret keys published in this repository (the sample's, the tests') however they are
/// spelled, and keys too uniform to be random; locally the sample keeps working. An unresolved Key Vault reference is
/// named as such everywhere.
/// </summary>
public sealed class KeyRulesTests
{
    private const string KeyVaultReference = "@Microsoft.KeyVault(VaultName=kv-cop;SecretName=privacy-hash-key)";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> AzureMarkers() => new(HostingEnvironment.SiteNameVariable, HostingEnvironment.InstanceIdVariable);

    [Theory]
    [MemberData(nameof(AzureMarkers))]
    public async Task StartFailsNamingEachSampleKeyWhenTheAppRunsInAzure(string marker)
    {
        using var host = SampleHost(new() { [marker] = "cop-func-7f3a" });

        var failure = await StartFailureAsync(host);

        Assert.Contains("Privacy__HashKey is a development key published in the repository", failure, StringComparison.Ordinal);
        Assert.Contains("Privacy__BallotKey is a development key published in the repository", failure, StringComparison.Ordinal);
        Assert.Contains("Tokens__Keys__local1 is a development key published in the repository", failure, StringComparison.Ordinal);
        Assert.All(SampleKeys().Values, key => Assert.DoesNotContain(key, failure, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartSucceedsWithTheSampleKeysWhenTheAppRunsUnderCoreTools()
    {
        // What Core Tools adds to the sample's values when it starts the host.
        using var host = SampleHost(new()
        {
            ["WEBSITE_HOSTNAME"] = "localhost:7071",
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development",
            ["AzureWebJobsScriptRoot"] = "/work/functions/bin/output",
        });

        await host.StartAsync(Ct);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task StartSucceedsWithFreshKeysWhenTheAppRunsInAzure()
    {
        using var host = AzureHost(new());

        await host.StartAsync(Ct);
        await host.StopAsync(Ct);
    }

    public static TheoryData<string, string, string> DisguisedKeys()
    {
        const string Published = "is a development key published in the repository";
        const string Uniform = "is not a random key";
        var sampleHashKey = SampleKeys()["Privacy__HashKey"];
        var sampleTokenKey = SampleKeys()["Tokens__Keys__local1"];
        var sampleBallotKey = SampleKeys()["Privacy__BallotKey"];
        return new()
        {
            // Without its padding the value is no base64 at all: refused as malformed.
            { "Privacy:HashKey", sampleHashKey.TrimEnd('='), "Privacy__HashKey must be a base64 key" },
            // The last character carries two unused bits: another spelling of the same bytes.
            { "Privacy:HashKey", sampleHashKey[..^2] + (char)(sampleHashKey[^2] + 1) + "=", "Privacy__HashKey " + Published },
            { "Privacy:HashKey", string.Join("\n", sampleHashKey.Chunk(8).Select(c => new string(c))) + "  ", "Privacy__HashKey " + Published },
            { "Privacy:HashKey", TestSettings.HashKey, "Privacy__HashKey " + Published },
            { "Privacy:HashKey", Convert.ToBase64String(new byte[32]), "Privacy__HashKey " + Uniform },
            { "Privacy:BallotKey", sampleBallotKey, "Privacy__BallotKey " + Published },
            { "Privacy:BallotKey", TestSettings.BallotKey, "Privacy__BallotKey " + Published },
            { "Privacy:BallotKey", Convert.ToBase64String([.. Convert.FromBase64String(sampleBallotKey), 0]), "Privacy__BallotKey " + Published },
            { "Privacy:BallotKey", Convert.ToBase64String(Enumerable.Repeat((byte)7, 40).ToArray()), "Privacy__BallotKey " + Uniform },
            // HMAC pads short keys with zeros: the sample key with zeros appended signs exactly as the sample key.
            { "Tokens:Keys:local1", Convert.ToBase64String([.. Convert.FromBase64String(sampleTokenKey), 0, 0, 0]), "Tokens__Keys__local1 " + Published },
            { "Tokens:Keys:local1", TestSettings.TokenKey, "Tokens__Keys__local1 " + Published },
            { "Tokens:Keys:local1", Convert.ToBase64String(Enumerable.Repeat("ab"u8.ToArray(), 24).SelectMany(b => b).ToArray()), "Tokens__Keys__local1 " + Uniform },
        };
    }

    [Theory]
    [MemberData(nameof(DisguisedKeys))]
    public async Task StartFailsNamingTheSettingWhenAPublishedOrUniformKeyIsRespelledInAzure(string key, string value, string expected)
    {
        using var host = AzureHost(new() { [key] = value });

        var failure = await StartFailureAsync(host);

        Assert.Contains(expected, failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task StartFailsSayingTheKeyVaultReferenceDidNotResolveWhenItsTextArrivesAsTheKey(bool inAzure)
    {
        using var host = inAzure
            ? AzureHost(new() { ["Privacy:HashKey"] = KeyVaultReference })
            : TestHosts.Build(new Dictionary<string, string?> { ["Privacy:HashKey"] = KeyVaultReference });

        var failure = await StartFailureAsync(host);

        Assert.Contains("Privacy__HashKey is a Key Vault reference that did not resolve", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryKeyOfTheSampleAndTheTestSettingsIsKnownAsPublished()
    {
        Assert.NotEmpty(SampleKeys());

        Assert.All(
            SampleKeys().Values.Append(TestSettings.HashKey).Append(TestSettings.BallotKey).Append(TestSettings.TokenKey),
            key => Assert.True(KeyRules.IsPublished(Convert.FromBase64String(key)), $"{key} is not in KeyRules' list of published keys"));
    }

    private static Dictionary<string, string> SampleKeys() =>
        SampleSettingsTests.SampleValues()
            .Where(v => v.Key is "Privacy__HashKey" or "Privacy__BallotKey" || v.Key.StartsWith("Tokens__Keys__", StringComparison.Ordinal))
            .ToDictionary();

    /// <summary>The app with the sample's values, as Core Tools passes them (<c>__</c> separates sections), and the test's.</summary>
    private static IHost SampleHost(Dictionary<string, string?> settings)
    {
        var values = SampleSettingsTests.SampleValues().ToDictionary(v => v.Key.Replace("__", ":", StringComparison.Ordinal), v => (string?)v.Value);
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(values);
        builder.Services.AddCommunityBackend(builder.Configuration);
        return builder.Build();
    }

    /// <summary>The app as deployed: on an Azure instance, fresh random keys, SendGrid rather than the local outbox.</summary>
    private static IHost AzureHost(Dictionary<string, string?> settings)
    {
        var values = new Dictionary<string, string?>
        {
            [HostingEnvironment.SiteNameVariable] = "cop-func-7f3a",
            ["Email:Transport"] = "SendGrid",
            ["Email:SendGridApiKey"] = "SG.not-a-real-key",
            ["Privacy:HashKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Privacy:BallotKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Tokens:Keys:k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        return TestHosts.Build(values);
    }

    /// <summary>The message of the start-up failure; several options types failing arrive as one AggregateException.</summary>
    private static async Task<string> StartFailureAsync(IHost host)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(Ct));
        return failure is AggregateException aggregate ? string.Join("\n", aggregate.InnerExceptions.Select(e => e.Message)) : failure.Message;
    }
}
