using System.Text.Json;
using CoP.Functions.OpenApi;
using CoP.TestSupport;
using Json.Pointer;
using Json.Schema;
using Microsoft.AspNetCore.Http;

namespace CoP.Tests.Contract;

/// <summary>
/// functions/openapi.json (as embedded in the functions assembly) as the tests use it: its operations by route template
/// and method, and the check that holds every answer a test reads to it. <see cref="TestApp"/> registers the check, so
/// each real answer of the suite's requests is found by route template, method and status and must be documented
/// there: its media type among the documented ones and, for JSON and problem details, its body valid against the schema.
/// </summary>
internal sealed class OpenApiContract : IAnswerCheck
{
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private readonly Dictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);

    public OpenApiContract(byte[] document)
    {
        Root = JsonDocument.Parse(document).RootElement.Clone();
        Operations = Root.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(method => new Operation(path.Name.TrimStart('/'), method.Name, method.Value)))
            .ToList();
    }

    /// <summary>The document the functions assembly embeds and GetOpenApiDocument answers.</summary>
    public static OpenApiContract Embedded { get; } = new(GetOpenApiDocumentFunction.Read());

    public JsonElement Root { get; }

    /// <summary>Every operation: its route template as functions.metadata writes it (no <c>/api</c>, no leading slash) and its method.</summary>
    public IReadOnlyList<Operation> Operations { get; }

    public void Check(HttpRequest request, TestResponse response)
    {
        var path = request.Path.Value ?? "";
        if (!path.StartsWith("/api/", StringComparison.Ordinal) || Find(request.Method, path["/api/".Length..]) is not { } operation)
        {
            // Not a route of the app (a middleware test's made-up path): nothing to hold it to.
            return;
        }

        var where = $"{request.Method} /{operation.Route} answered {response.Status}";
        var status = response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!operation.Definition.GetProperty("responses").TryGetProperty(status, out var documented))
        {
            Assert.Fail($"{where}, which openapi.json does not document.");
        }

        var (answer, answerPointer) = Resolve(documented, $"/paths/{Escape("/" + operation.Route)}/{operation.Method}/responses/{status}");
        var mediaType = response.ContentType?.Split(';')[0].Trim();
        var hasContent = answer.TryGetProperty("content", out var content);
        if (mediaType is null)
        {
            Assert.True(response.Body.Length == 0 || !hasContent, $"{where} with a body but no Content-Type.");
            return;
        }

        if (!hasContent || !content.TryGetProperty(mediaType, out _))
        {
            Assert.Fail($"{where} as {mediaType}, which openapi.json does not document for that status.");
        }

        if (mediaType is "application/json" or "application/problem+json")
        {
            var errors = Validate($"{answerPointer}/content/{Escape(mediaType)}/schema", response.Body);
            Assert.True(errors.Count == 0, $"{where}: the body does not match openapi.json:\n{string.Join("\n", errors)}\n{response.Body}");
        }
    }

    /// <summary>The operation of a request path (without <c>/api/</c>): literal segments before parameters, as the host routes.</summary>
    public Operation? Find(string method, string path)
    {
        var segments = path.Split('?')[0].Trim('/').Split('/');
        return Operations
            .Where(o => o.Method.Equals(method, StringComparison.OrdinalIgnoreCase) && Matches(o.Route.Split('/'), segments))
            .OrderByDescending(o => o.Route.Split('/').Count(s => !s.StartsWith('{')))
            .FirstOrDefault();
    }

    /// <summary>The errors of a JSON text against the schema at a JSON pointer of the document (none when it is valid).</summary>
    public IReadOnlyList<string> Validate(string schemaPointer, string json)
    {
        JsonSchema schema;
        lock (_schemas)
        {
            if (!_schemas.TryGetValue(schemaPointer, out schema!))
            {
                schema = JsonSchema.FromText(Standalone(schemaPointer), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
                _schemas[schemaPointer] = schema;
            }
        }

        using var instance = JsonDocument.Parse(json);
        var result = schema.Evaluate(instance.RootElement, Evaluation);
        return result.IsValid
            ? []
            : (result.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"))
                .ToList();
    }

    /// <summary>
    /// The schema at a pointer as a JSON Schema 2020-12 document of its own: the document's component schemas become its
    /// <c>$defs</c>, and the <c>$ref</c>s to them follow.
    /// </summary>
    private string Standalone(string schemaPointer)
    {
        var schema = JsonPointer.Parse(schemaPointer).Evaluate(Root) ?? throw new InvalidOperationException($"openapi.json: {schemaPointer} does not resolve.");
        var node = System.Text.Json.Nodes.JsonNode.Parse(schema.GetRawText())!;
        var standalone = node is System.Text.Json.Nodes.JsonObject ? node.AsObject() : new System.Text.Json.Nodes.JsonObject { ["allOf"] = new System.Text.Json.Nodes.JsonArray(node) };
        standalone["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        standalone["$defs"] = System.Text.Json.Nodes.JsonNode.Parse(Root.GetProperty("components").GetProperty("schemas").GetRawText());
        return standalone.ToJsonString().Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal);
    }

    private static bool Matches(string[] template, string[] segments) =>
        template.Length == segments.Length
        && template.Zip(segments).All(p => p.First.StartsWith('{') ? p.Second.Length > 0 : p.First.Equals(p.Second, StringComparison.OrdinalIgnoreCase));

    /// <summary>A response object, following its <c>$ref</c> into components, with the pointer it lives at.</summary>
    private (JsonElement Element, string Pointer) Resolve(JsonElement element, string pointer)
    {
        if (!element.TryGetProperty("$ref", out var reference))
        {
            return (element, pointer);
        }

        var target = reference.GetString()!.TrimStart('#');
        return (JsonPointer.Parse(target).Evaluate(Root) ?? throw new InvalidOperationException($"openapi.json: {target} does not resolve."), target);
    }

    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>One operation of the document: <see cref="Route"/> as functions.metadata writes it, the lowercase method.</summary>
    internal sealed record Operation(string Route, string Method, JsonElement Definition);
}
