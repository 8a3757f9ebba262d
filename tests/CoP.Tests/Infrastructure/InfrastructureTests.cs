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

    [Theory]
    [InlineData("Email__SendGridApiKey", "sendgrid-api-key")]
    [InlineData("Chat__HookUrl", "chat-hook-url")]
    [InlineData("Privacy__HashKey", "privacy-hash-key")]
    [InlineData("Privacy__BallotKey", "privacy-ballot-key")]
    public void TemplateReadsTheSecretFromKeyVaultWhenTheSettingHoldsOne(string setting, string secret)
    {
        SkipWithoutCli();
        var functions = Module(templates.CompiledMain(), "functions");
        var value = AppSettingsCheck.AppSettings(templates.CompiledMain()).Single(s => s!["name"]!.GetValue<string>() == setting)!["value"]!.GetValue<string>();
        var secretNames = functions["variables"]!["secretNames"]!.AsObject();

        var key = Assert.Single(secretNames, n => n.Value!.GetValue<string>() == secret).Key;
        Assert.Equal($"[__bicep.keyVaultReference(parameters('keyVaultName'), variables('secretNames').{key})]", value);
    }

    [Fact]
    public void PostprovisionLeavesTheSecretsOfOtherServicesToTheOperatorWhenItGeneratesKeys()
    {
        SkipWithoutCli();
        var generated = Module(templates.CompiledMain(), "functions")["outputs"]!["generatedSecretNames"]!["value"]!.ToJsonString();

        // A random value would pass for a key the operator has not stored yet: the app must see the reference unresolved.
        Assert.DoesNotContain("sendGridApiKey", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("chatHookUrl", generated, StringComparison.Ordinal);
        Assert.Contains("privacyHashKey", generated, StringComparison.Ordinal);
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

    [Fact]
    public void TemplateAlertsTheOperatorOnEveryConditionTheyMustSee()
    {
        SkipWithoutCli();
        var alerts = Module(templates.CompiledMain(), "alerts");
        var resources = Resources(alerts);
        var logAlertNames = alerts["variables"]!["logAlerts"]!.AsArray().Select(a => a!["name"]!.GetValue<string>());
        var metricAlerts = resources.Where(r => Type(r.Value) == "Microsoft.Insights/metricAlerts").ToList();

        Assert.Equal(
            ["dead-lettered-upload-events", "health-check-failing", "newsletter-needs-attention", "poison-messages", "server-errors"],
            logAlertNames.Concat(metricAlerts.Select(r => r.Value!["name"]!.GetValue<string>())).Order(StringComparer.Ordinal));

        // Every rule mails the operators' action group, which mails the address given as a parameter.
        var group = resources.Single(r => Type(r.Value) == "Microsoft.Insights/actionGroups").Value!;
        Assert.Equal("[parameters('alertEmail')]", group["properties"]!["emailReceivers"]![0]!["emailAddress"]!.GetValue<string>());
        var logRules = resources.Single(r => Type(r.Value) == "Microsoft.Insights/scheduledQueryRules").Value!;
        Assert.Single(logRules["properties"]!["actions"]!["actionGroups"]!.AsArray());
        Assert.All(metricAlerts, r => Assert.Single(r.Value!["properties"]!["actions"]!.AsArray()));

        // The app logs a poisoned mail with its exception, which Application Insights keeps in exceptions, not traces.
        var poison = alerts["variables"]!["logAlerts"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "poison-messages")!;
        Assert.StartsWith("union traces, exceptions |", poison["query"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("outerMessage has \"poison\"", poison["query"]!.GetValue<string>(), StringComparison.Ordinal);

        // The health alert watches a test of GET /api/health; the dead-letter alert the topic's DeadLetteredCount.
        var healthTest = resources.Single(r => Type(r.Value) == "Microsoft.Insights/webtests").Value!;
        Assert.Contains("/api/health", healthTest["properties"]!["Request"]!["RequestUrl"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(metricAlerts, r => r.Value!.ToJsonString().Contains("\"DeadLetteredCount\"", StringComparison.Ordinal));
        Assert.Equal(
            "[parameters('alertEmail')]",
            templates.CompiledMain()["resources"]!["alerts"]!["properties"]!["parameters"]!["alertEmail"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void TemplateSendsKeyVaultAuditStorageDataAccessAndDeliveryFailuresToTheWorkspace()
    {
        SkipWithoutCli();
        var diagnostics = Module(templates.CompiledMain(), "diagnostics");
        var settings = Resources(diagnostics)
            .Where(r => Type(r.Value) == "Microsoft.Insights/diagnosticSettings")
            .ToDictionary(r => r.Value!["scope"]!.GetValue<string>(), r => r.Value!["properties"]!, StringComparer.Ordinal);

        // A list shared by two settings compiles to a variable reference.
        JsonArray Resolve(JsonNode logs) => logs is JsonValue reference && reference.GetValue<string>() is { } text && text.StartsWith("[variables('", StringComparison.Ordinal)
            ? diagnostics["variables"]![text["[variables('".Length..^"')]".Length]]!.AsArray()
            : logs.AsArray();
        string[] Logs(string scopeType) => Resolve(settings.Single(s => s.Key.Contains($"'{scopeType}'", StringComparison.Ordinal)).Value["logs"]!)
            .Select(l => (l!["category"] ?? l["categoryGroup"])!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(["audit"], Logs("Microsoft.KeyVault/vaults"));
        Assert.Equal(["StorageDelete", "StorageRead", "StorageWrite"], Logs("Microsoft.Storage/storageAccounts/blobServices"));
        Assert.Equal(["StorageDelete", "StorageRead", "StorageWrite"], Logs("Microsoft.Storage/storageAccounts/tableServices"));
        Assert.Equal(["DeliveryFailures"], Logs("Microsoft.EventGrid/systemTopics"));
        Assert.All(settings.Values, s => Assert.Equal("[parameters('logAnalyticsWorkspaceId')]", s["workspaceId"]!.GetValue<string>()));
    }

    [Fact]
    public void TemplateDeadLettersUploadEventsWithTheTopicsOwnIdentityIntoAContainerItCreates()
    {
        SkipWithoutCli();
        var main = templates.CompiledMain();
        var container = main["variables"]!["storageLayout"]!["deadLetterContainer"]!.GetValue<string>();

        Assert.Contains(container, Names(main["variables"]!["storageLayout"]!["containers"]));
        Assert.Equal("[variables('storageLayout').deadLetterContainer]", main["outputs"]!["DEAD_LETTER_CONTAINER_NAME"]!["value"]!.GetValue<string>());
        var topic = Resources(Module(main, "eventGrid")).Single(r => Type(r.Value) == "Microsoft.EventGrid/systemTopics").Value!;
        Assert.Equal("SystemAssigned", topic["identity"]!["type"]!.GetValue<string>());
        var writer = Resources(Module(main, "roles")).Single(r => Type(r.Value) == "Microsoft.Authorization/roleAssignments" && r.Value!["scope"]!.GetValue<string>().Contains("deadLetterContainerName", StringComparison.Ordinal)).Value!;
        Assert.Equal("[parameters('eventGridPrincipalId')]", writer["properties"]!["principalId"]!.GetValue<string>());
    }

    [Fact]
    public void TemplateOffersOnlyFlexConsumptionRegionsWhenAzdAsksForALocation()
    {
        SkipWithoutCli();
        var location = templates.CompiledMain()["parameters"]!["location"]!;

        Assert.Equal("location", location["metadata"]!["azd"]!["type"]!.GetValue<string>());
        var allowed = Names(location["allowedValues"]);
        Assert.Contains("westeurope", allowed);
        Assert.DoesNotContain("westindia", allowed); // no Flex Consumption there
    }

    private static JsonNode Module(JsonNode main, string name) =>
        main["resources"]?[name]?["properties"]?["template"] ?? throw new InvalidOperationException($"infra/main.bicep has no module {name}.");

    /// <summary>A compiled template's resources: an object by symbolic name (language version 2) or an array.</summary>
    private static List<KeyValuePair<string, JsonNode?>> Resources(JsonNode template) => template["resources"] switch
    {
        JsonObject byName => byName.ToList(),
        JsonArray list => list.Select((r, i) => KeyValuePair.Create(i.ToString(System.Globalization.CultureInfo.InvariantCulture), r)).ToList(),
        _ => [],
    };

    private static string? Type(JsonNode? resource) => resource?["type"]?.GetValue<string>();

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
