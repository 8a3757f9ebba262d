using System.Text.Json.Nodes;

namespace CoP.Tests.Infrastructure;

/// <summary>
/// Does the template set every setting the app reads? The settings the app reads are the <c>Values</c> of
/// local.settings.sample.json (every setting is documented there), less the local-only ones below. The template's
/// settings are the names in the <c>appSettings</c> variable of the module that declares the Function App
/// (infra/app/functions.bicep), read from the compiled template.
/// </summary>
public static class AppSettingsCheck
{
    /// <summary>
    /// Settings of the sample that the template must not set, each with the reason. A later issue that adds a
    /// local-only setting adds it here; every other new setting goes into both the sample and the template.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> LocalOnly = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AzureWebJobsStorage"] =
            "A connection string (Azurite locally). In Azure the host reaches storage with the managed identity through " +
            "AzureWebJobsStorage__blobServiceUri/__queueServiceUri/__tableServiceUri/__credential/__clientId.",
        ["FUNCTIONS_WORKER_RUNTIME"] =
            "Flex Consumption takes the worker runtime from functionAppConfig.runtime and rejects this app setting.",
        ["Storage__ConnectionString"] =
            "The account has shared keys disabled, so no connection string can work. Leaving it out (not empty) is what " +
            "selects identity mode: Storage__BlobServiceUri, Storage__TableServiceUri and Storage__ManagedIdentityClientId.",
        ["UploadsStorage"] =
            "The IngestDocument trigger's connection as a connection string (Azurite locally). In Azure the host reaches the " +
            "uploads with the managed identity through UploadsStorage__blobServiceUri/__queueServiceUri/__credential/__clientId.",
        ["Tokens__Keys__local1"] =
            "The local development signing key. In Azure each id of TOKEN_SIGNING_KEY_IDS gets its own Tokens__Keys__<id>, " +
            "a Key Vault reference to a key the postdeploy hook generates (tokenSigningKeySettings in functions.bicep).",
    };

    /// <summary>The settings the template must set: the sample's Values less <see cref="LocalOnly"/>.</summary>
    public static IReadOnlyList<string> RequiredSettings(JsonNode sample) =>
        SampleSettings(sample).Where(name => !LocalOnly.ContainsKey(name)).ToList();

    public static IReadOnlyList<string> SampleSettings(JsonNode sample) =>
        (sample["Values"]?.AsObject() ?? throw new InvalidOperationException("The sample has no Values object."))
            .Select(pair => pair.Key)
            .ToList();

    /// <summary>The names of the settings the template sets.</summary>
    public static IReadOnlyList<string> TemplateSettings(JsonNode compiledTemplate) =>
        AppSettings(compiledTemplate)
            .Select(setting => setting?["name"]?.GetValue<string>() ?? throw new InvalidOperationException($"An app setting without a literal name: {setting}"))
            .ToList();

    /// <summary>The required settings that the template does not set, in the sample's order.</summary>
    public static IReadOnlyList<string> FindMissing(JsonNode sample, JsonNode compiledTemplate)
    {
        var set = TemplateSettings(compiledTemplate).ToHashSet(StringComparer.Ordinal);
        return RequiredSettings(sample).Where(name => !set.Contains(name)).ToList();
    }

    /// <summary>The <c>appSettings</c> variable of the one template that declares a Function App.</summary>
    public static JsonArray AppSettings(JsonNode compiledTemplate)
    {
        var templates = Templates(compiledTemplate).Where(DeclaresFunctionApp).ToList();
        if (templates.Count != 1)
        {
            throw new InvalidOperationException($"Expected one template with a Microsoft.Web/sites resource, found {templates.Count}.");
        }

        return templates[0]["variables"]?["appSettings"]?.AsArray()
            ?? throw new InvalidOperationException("The Function App's template has no appSettings variable (infra/app/functions.bicep).");
    }

    // A compiled template nests one template per module, under resources.<name>.properties.template. Resources are
    // an object keyed by symbolic name (language version 2.0) or an array (1.0).
    private static IEnumerable<JsonObject> Templates(JsonNode template)
    {
        yield return template.AsObject();
        foreach (var resource in Resources(template))
        {
            if (resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Templates(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    private static IEnumerable<JsonNode> Resources(JsonNode template) =>
        template["resources"] switch
        {
            JsonObject byName => byName.Select(pair => pair.Value).OfType<JsonNode>(),
            JsonArray list => list.OfType<JsonNode>(),
            _ => [],
        };

    private static bool DeclaresFunctionApp(JsonObject template) =>
        Resources(template).Any(resource =>
            resource["type"]?.GetValue<string>() == "Microsoft.Web/sites" && resource["existing"]?.GetValue<bool>() != true);
}
