using System.Reflection;
using System.Text.Json;

namespace CoP.Tests.Contract;

/// <summary>
/// Reads the functions.metadata that the Functions SDK generated for the built app (what the host loads)
/// and holds it to the contract of <see cref="FunctionContract"/>.
/// </summary>
public sealed class FunctionsMetadataTests
{
    /// <summary>The functions of the built app, as functions.metadata declares them.</summary>
    internal static readonly Lazy<List<DeclaredFunction>> Declared = new(Load);

    [Fact]
    public void EveryImplementedFunctionIsDeclared()
    {
        var names = Declared.Value.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(FunctionContract.Implemented, name => Assert.Contains(name, names));
    }

    [Fact]
    public void EveryDeclaredFunctionMatchesTheContract()
    {
        Assert.All(Declared.Value, declared =>
        {
            Assert.True(FunctionContract.All.TryGetValue(declared.Name, out var expected), $"{declared.Name} is not in FunctionContract");
            Assert.Equal(expected.TriggerType, declared.TriggerType);
            Assert.Equal(expected.Methods.Order(StringComparer.Ordinal), declared.Methods.Order(StringComparer.Ordinal));
            Assert.Equal(expected.Route, declared.Route);
            Assert.Equal(expected.AuthLevel, declared.AuthLevel);
            Assert.Equal(expected.BlobPath, declared.BlobPath);
            Assert.Equal(expected.BlobSource, declared.BlobSource);
            Assert.Equal(expected.Schedule, declared.Schedule);
            Assert.Equal(expected.QueueName, declared.QueueName);
        });
    }

    [Fact]
    public void NoRouteBeginsWithTheHostsReservedAdminSegment()
    {
        Assert.All(
            Declared.Value.Where(f => f.Route is not null),
            f => Assert.False(f.Route!.TrimStart('/').StartsWith("admin", StringComparison.OrdinalIgnoreCase), $"{f.Name}: {f.Route}"));
    }

    [Fact]
    public void NoTwoFunctionsShareAMethodAndRoute()
    {
        var pairs = Declared.Value
            .Where(f => f.Route is not null)
            .SelectMany(f => f.Methods.Select(m => $"{m.ToUpperInvariant()} {f.Route!.ToLowerInvariant()}"))
            .ToList();

        Assert.Equal(pairs.Count, pairs.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void HostJsonRetriesQueuedMailAsOftenAsTheDeliveryExpectsBeforeItIsPoisoned()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(MetadataPath())!, "host.json")));

        var queues = document.RootElement.GetProperty("extensions").GetProperty("queues");

        Assert.Equal(CoP.Shared.Email.Queue.QueuedMail.MaxDequeueCount, queues.GetProperty("maxDequeueCount").GetInt32());
    }

    [Fact]
    public void HostJsonIsCopiedBesideTheMetadataWithTheApiRoutePrefix()
    {
        var hostJson = Path.Combine(Path.GetDirectoryName(MetadataPath())!, "host.json");

        using var document = JsonDocument.Parse(File.ReadAllText(hostJson));

        Assert.Equal("2.0", document.RootElement.GetProperty("version").GetString());
        Assert.Equal("api", document.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    internal static string MetadataPath() =>
        typeof(FunctionsMetadataTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "FunctionsMetadataPath").Value!;

    private static List<DeclaredFunction> Load()
    {
        var path = MetadataPath();
        Assert.True(File.Exists(path), $"{path} is missing: build functions/CoP.Functions.csproj first.");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().Select(Parse).ToList();
    }

    private static DeclaredFunction Parse(JsonElement function)
    {
        var trigger = function.GetProperty("bindings").EnumerateArray()
            .Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
        string? Text(string name) => trigger.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var methods = trigger.TryGetProperty("methods", out var m) ? m.EnumerateArray().Select(x => x.GetString()!.ToLowerInvariant()).ToArray() : [];
        return new DeclaredFunction(
            function.GetProperty("name").GetString()!,
            trigger.GetProperty("type").GetString()!,
            methods,
            Text("route"),
            Text("authLevel"),
            Text("path"),

            // The SDK writes BlobTriggerAttribute.Source beside path and connection ("source": "EventGrid").
            Text("source"),
            Text("schedule"),
            Text("queueName"));
    }

    internal sealed record DeclaredFunction(
        string Name, string TriggerType, string[] Methods, string? Route, string? AuthLevel, string? BlobPath, string? BlobSource, string? Schedule, string? QueueName);
}
