using System.Text.RegularExpressions;
using CoP.TestSupport;

namespace CoP.Tests.Contract;

/// <summary>
/// The .http files beside the functions (VS Code REST Client / Visual Studio syntax) exercise every HTTP route of the
/// built app, and name no route it does not have.
/// </summary>
public sealed partial class HttpFilesTests
{
    private static readonly Lazy<List<(string File, string Method, string Path)>> Requests = new(Load);

    [Fact]
    public void EveryHttpRouteAndMethodIsExercisedInSomeHttpFile()
    {
        Assert.All(OpenApiDocumentTests.HttpRoutes(), route =>
            Assert.True(
                Requests.Value.Any(r => r.Method.Equals(route.Method, StringComparison.OrdinalIgnoreCase) && Matches(route.Route, r.Path)),
                $"{route.Method.ToUpperInvariant()} {{{{host}}}}/{route.Route} is in no functions/**/*.http file."));
    }

    [Fact]
    public void EveryRequestOfTheHttpFilesIsARouteOfTheApp()
    {
        var routes = OpenApiDocumentTests.HttpRoutes().ToList();

        Assert.NotEmpty(Requests.Value);
        Assert.All(Requests.Value, request =>
            Assert.True(
                routes.Any(route => request.Method.Equals(route.Method, StringComparison.OrdinalIgnoreCase) && Matches(route.Route, request.Path)),
                $"{request.File}: {request.Method} {{{{host}}}}/{request.Path} is no route of the app."));
    }

    /// <summary>A request path of a .http file (variables such as <c>{{pollId}}</c> in it) against a route template.</summary>
    private static bool Matches(string template, string path)
    {
        var segments = path.Split('?')[0].Split('/');
        var parts = template.Split('/');
        return parts.Length == segments.Length
            && parts.Zip(segments).All(p => p.First.StartsWith('{') ? p.Second.Length > 0 : p.First.Equals(p.Second, StringComparison.Ordinal));
    }

    private static List<(string File, string Method, string Path)> Load()
    {
        var functions = Path.Combine(RepositoryRoot.Find(), "functions");
        return Directory.EnumerateFiles(functions, "*.http", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => File.ReadLines(file)
                .Select(line => RequestLine().Match(line))
                .Where(m => m.Success)
                .Select(m => (Path.GetRelativePath(functions, file), m.Groups["method"].Value, m.Groups["path"].Value)))
            .ToList();
    }

    // "GET {{host}}/polls/{{pollId}}/results?token={{voteToken}} HTTP/1.1": the method, and the path after {{host}}/.
    [GeneratedRegex(@"^(?<method>GET|POST|PUT|PATCH|DELETE)\s+\{\{host\}\}/(?<path>\S*)")]
    private static partial Regex RequestLine();
}
