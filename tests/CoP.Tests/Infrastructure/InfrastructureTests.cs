using System.Text.Json.Nodes;
using CoP.Shared.Storage;
using CoP.TestSupport;

namespace CoP.Tests.Infrastructure;

/// <summary>
/// Holds infra/ to the build: every Bicep file compiles and lints clean with the pinned Bicep CLI, the template sets
/// every setting that local.settings.sample.json documents, and it creates every table and container the app names.
/// </summary>
public sealed class InfrastructureTests(BicepTemplates templates) : IClassFixture<BicepTemplates>
{
    private static readonly string Root = RepositoryRoot.Find();

    public static TheoryData<string> RequiredSettings => new(AppSettingsCheck.RequiredSettings(Sample()));

    [Fact]
    public void BuildReportsNoErrorOrWarningWhenCompilingTheMainTemplateAndItsModules()
    {
        SkipWithoutCli();

        Assert.True(templates.Build.ExitCode == 0, templates.Build.ToString());
        Assert.True(templates.Build.Diagnostics.Count == 0, templates.Build.ToString());
    }

    [Fact]
    public void LintReportsNoErrorOrWarningWhenLintingEveryBicepFile()
    {
        SkipWithoutCli();

        Assert.True(templates.Lint.ExitCode == 0, templates.Lint.ToString());
        Assert.True(templates.Lint.Diagnostics.Count == 0, templates.Lint.ToString());
    }

    [Fact]
    public void NoSettingIsMissingWhenTheTemplateIsHeldAgainstTheSample()
    {
        SkipWithoutCli();

        Assert.Empty(AppSettingsCheck.FindMissing(Sample(), templates.CompiledMain()));
    }

    [Theory]
    [MemberData(nameof(RequiredSettings))]
    public void CheckReportsTheSettingWhenItIsRemovedFromTheTemplate(string setting)
    {
        SkipWithoutCli();
        var template = templates.CompiledMain();
        var appSettings = AppSettingsCheck.AppSettings(template);
        var entry = appSettings.Single(s => s?["name"]?.GetValue<string>() == setting);

        appSettings.Remove(entry);

        Assert.Equal([setting], AppSettingsCheck.FindMissing(Sample(), template));
    }

    [Fact]
    public void TemplateSetsNoLocalOnlySettingWhenDeployedToAzure()
    {
        SkipWithoutCli();

        Assert.Empty(AppSettingsCheck.TemplateSettings(templates.CompiledMain()).Intersect(AppSettingsCheck.LocalOnly.Keys));
    }

    [Fact]
    public void EveryLocalOnlyExclusionIsDocumentedWhenTheCheckSkipsIt()
    {
        // An exclusion that is no longer in the sample would silently excuse a future setting of the same name.
        Assert.Empty(AppSettingsCheck.LocalOnly.Keys.Except(AppSettingsCheck.SampleSettings(Sample())));
    }

    [Fact]
    public void TemplateReplacesAzureWebJobsStorageWithIdentityBasedSettingsWhenDeployedToAzure()
    {
        SkipWithoutCli();

        Assert.Superset(
            new HashSet<string>(
                [
                    "AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__queueServiceUri", "AzureWebJobsStorage__tableServiceUri",
                    "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId",
                ],
                StringComparer.Ordinal),
            AppSettingsCheck.TemplateSettings(templates.CompiledMain()).ToHashSet(StringComparer.Ordinal));
    }

    [Fact]
    public void TemplateCreatesEveryTableAndContainerWhenTheAppNamesThem()
    {
        SkipWithoutCli();
        var layout = templates.CompiledMain()["variables"]?["storageLayout"]
            ?? throw new InvalidOperationException("infra/main.bicep has no storageLayout variable.");

        Assert.Superset(StorageNames.Tables.ToHashSet(StringComparer.Ordinal), Names(layout["tables"]));
        Assert.Superset(StorageNames.Containers.ToHashSet(StringComparer.Ordinal), Names(layout["containers"]));
        Assert.Superset(StorageNames.Queues.ToHashSet(StringComparer.Ordinal), Names(layout["queues"]));
    }

    [Fact]
    public void ParametersFileSetsOnlyDeclaredParametersWhenAzdDeploysTheTemplate()
    {
        SkipWithoutCli();
        var parametersFile = JsonNode.Parse(File.ReadAllText(Path.Combine(BicepTemplates.InfraDirectory, "main.parameters.json")))!;
        var declared = templates.CompiledMain()["parameters"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

        Assert.Subset(declared, parametersFile["parameters"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal));
    }

    private static JsonNode Sample() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "local.settings.sample.json")))
        ?? throw new InvalidOperationException("local.settings.sample.json is empty.");

    private static HashSet<string> Names(JsonNode? array) =>
        (array?.AsArray() ?? []).Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);

    private static void SkipWithoutCli()
    {
        if (BicepCli.UnavailableReason is { } reason)
        {
            Assert.Skip(reason);
        }
    }
}
