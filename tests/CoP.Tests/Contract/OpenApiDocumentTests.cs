using System.Text.Json;
using CoP.Functions.OpenApi;
using CoP.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace CoP.Tests.Contract;

/// <summary>
/// functions/openapi.json against the built app: it is a valid OpenAPI 3.1 document, it has exactly the HTTP routes
/// and methods of functions.metadata, and it says who may call each one as the functions' authorization levels do.
/// That real answers match its schemas is checked on every answer of the suite (<see cref="OpenApiContract"/>).
/// </summary>
public sealed class OpenApiDocumentTests
{
    private static readonly string[] FunctionKeySchemes = ["functionKey", "functionKeyQuery"];

    private static OpenApiContract Contract => OpenApiContract.Embedded;

    [Fact]
    public void TheDocumentIsValidOpenApi31()
    {
        var result = OpenApiDocument.Parse(System.Text.Encoding.UTF8.GetString(GetOpenApiDocumentFunction.Read()), "json");

        Assert.Empty(result.Diagnostic!.Errors);
        Assert.Empty(result.Diagnostic.Warnings);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, result.Diagnostic.SpecificationVersion);
        Assert.Empty(result.Document!.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);
    }

    [Fact]
    public void EveryHttpRouteAndMethodOfTheAppIsDocumentedAndNothingElse()
    {
        var declared = HttpRoutes().Select(r => $"{r.Method} {r.Route}").Order(StringComparer.Ordinal);
        var documented = Contract.Operations.Select(o => $"{o.Method} {o.Route}").Order(StringComparer.Ordinal);

        Assert.Equal(declared, documented);
    }

    [Fact]
    public void OperatorRoutesAndOnlyThoseAskForAFunctionKey()
    {
        Assert.All(HttpRoutes(), route =>
        {
            var operation = Contract.Operations.Single(o => o.Route == route.Route && o.Method == route.Method);
            var schemes = operation.Definition.GetProperty("security").EnumerateArray().Select(r => r.EnumerateObject().Select(p => p.Name).ToList()).ToList();
            var keyed = route.AuthLevel == "Function";

            Assert.All(schemes, requirement => Assert.Equal(keyed, requirement.Intersect(FunctionKeySchemes).Any()));
            Assert.Equal(keyed, operation.Definition.GetProperty("responses").TryGetProperty("401", out var unauthorized)
                && unauthorized.TryGetProperty("$ref", out var reference) && reference.GetString() == "#/components/responses/FunctionKeyRequired");
        });
    }

    [Fact]
    public void EveryErrorAnswerWithABodyIsProblemDetailsOrAPage()
    {
        Assert.All(Contract.Operations, operation =>
        {
            foreach (var response in operation.Definition.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
            {
                var answer = Resolve(response.Value);
                var types = answer.TryGetProperty("content", out var content) ? content.EnumerateObject().Select(c => c.Name).ToList() : [];
                Assert.All(types, type => Assert.Contains(type, new[] { "application/problem+json", "text/html" }));
            }

            Assert.True(operation.Definition.GetProperty("responses").TryGetProperty("500", out _), $"{operation.Method} {operation.Route}: no 500");
        });
    }

    [Fact]
    public async Task GetOpenApiDocumentAnswersTheEmbeddedDocumentAsJsonThatCachesMayKeep()
    {
        var services = new ServiceCollection().AddLogging().AddSingleton<IAnswerCheck>(Contract).BuildServiceProvider();
        var request = TestRequests.Empty(services, "GET", "/api/openapi.json");

        var response = await TestResponse.ExecuteAsync(new GetOpenApiDocumentFunction().GetOpenApiDocument(request), request);

        Assert.Equal(200, response.Status);
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal("public, max-age=3600", response.Headers.CacheControl.ToString());
        Assert.Equal("3.1.1", response.Json().GetProperty("openapi").GetString());
    }

    [Fact]
    public void AnAnswerWhoseBodyBreaksItsSchemaFailsTheTest()
    {
        var services = new ServiceCollection().BuildServiceProvider();
        var request = TestRequests.Empty(services, "GET", "/api/topics");
        var answer = """{"topics":[{"slug":"biochar","name":"Biochar","description":null,"retired":"no"}]}""";

        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Contract.Check(request, Answer(200, "application/json; charset=utf-8", answer)));
    }

    [Fact]
    public void AnAnswerOfAnUndocumentedStatusOrMediaTypeFailsTheTest()
    {
        var services = new ServiceCollection().BuildServiceProvider();
        var request = TestRequests.Empty(services, "GET", "/api/polls/0123456789abcdef0123456789abcdef/results");

        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Contract.Check(request, Answer(409, "application/problem+json", """{"type":"t","title":"t","status":409}""")));
        // The results page is documented as text/html; the topics list is JSON only.
        var topics = TestRequests.Empty(services, "GET", "/api/topics");
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Contract.Check(topics, Answer(200, "text/html; charset=utf-8", "<p>topics</p>")));
    }

    [Fact]
    public void ADocumentedAnswerPasses()
    {
        var services = new ServiceCollection().BuildServiceProvider();
        var request = TestRequests.Empty(services, "DELETE", "/api/manage/members/not-an-id");

        Contract.Check(request, Answer(400, "application/problem+json", """{"type":"t","title":"The request is not valid.","status":400,"errors":{"memberId":["A member id is 32 lowercase hexadecimal characters."]}}"""));
        Contract.Check(request, Answer(204, null, ""));
    }

    [Fact]
    public void LiteralSegmentsWinOverParametersAsTheHostRoutes()
    {
        Assert.Equal("manage/members/export", Contract.Find("GET", "manage/members/export")!.Route);
        Assert.Equal("manage/members/{memberId}", Contract.Find("DELETE", "manage/members/export")!.Route);
        Assert.Equal("members/me/export", Contract.Find("GET", "members/me/export?token=x")!.Route);
        Assert.Null(Contract.Find("GET", "anything"));
    }

    internal static IEnumerable<(string Method, string Route, string? AuthLevel)> HttpRoutes() =>
        FunctionsMetadataTests.Declared.Value
            .Where(f => f.TriggerType == "httpTrigger")
            .SelectMany(f => f.Methods.Select(m => (m, f.Route!, f.AuthLevel)));

    private static JsonElement Resolve(JsonElement response) =>
        response.TryGetProperty("$ref", out var reference)
            ? Contract.Root.GetProperty("components").GetProperty("responses").GetProperty(reference.GetString()!.Split('/')[^1])
            : response;

    private static TestResponse Answer(int status, string? contentType, string body)
    {
        Microsoft.AspNetCore.Http.IHeaderDictionary headers = new Microsoft.AspNetCore.Http.HeaderDictionary();
        if (contentType is not null)
        {
            headers.ContentType = contentType;
        }

        return new TestResponse(status, headers, body);
    }
}
