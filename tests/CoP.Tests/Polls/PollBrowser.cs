using System.Net;
using System.Text.RegularExpressions;
using CoP.Functions.Polls;
using CoP.Tests.Http;
using CoP.TestSupport;
using Microsoft.AspNetCore.Http;

namespace CoP.Tests.Polls;

/// <summary>
/// A browser on the poll pages: it sends what Chrome sends when following a link, keeps the cookies the app sets
/// (sending each only under its path, as browsers do), follows the 303 of a vote link, and posts forms as a browser
/// posts them. Requests go through the worker pipeline to the function the route names.
/// </summary>
internal sealed partial class PollBrowser(TestApp app)
{
    /// <summary>What Chrome and Firefox send when following a link.</summary>
    public const string Accept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    private readonly Dictionary<string, (string Value, string Path)> _cookies = new(StringComparer.Ordinal);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The cookies the browser holds, by name.</summary>
    public IReadOnlyDictionary<string, (string Value, string Path)> Cookies => _cookies;

    /// <summary>Opens an address; a vote link's 303 (token to cookie) is followed once.</summary>
    public async Task<TestResponse> OpenAsync(string pathAndQuery)
    {
        var response = await GetAsync(pathAndQuery);
        return response.Status == 303 && pathAndQuery.Contains("token=", StringComparison.Ordinal)
            ? await GetAsync(response.Headers.Location.ToString())
            : response;
    }

    /// <summary>One GET, without following redirects.</summary>
    public async Task<TestResponse> GetAsync(string pathAndQuery)
    {
        var request = Send(app.Get(pathAndQuery));
        var path = request.Path.Value!;
        var match = PollPath().Match(path);
        Assert.True(match.Success, path);
        var pollId = match.Groups[1].Value;
        var response = match.Groups[2].Value switch
        {
            "" when pollId.Length == 0 => await WorkerPipeline.RunAsync(app, request, r => app.Function<ListPollsFunction>().ListPolls(r, Ct), "ListPolls"),
            "" => await WorkerPipeline.RunAsync(app, request, r => app.Function<GetPollFunction>().GetPoll(r, pollId, Ct), "GetPoll"),
            _ => await WorkerPipeline.RunAsync(app, request, r => app.Function<GetPollResultsFunction>().GetPollResults(r, pollId, Ct), "GetPollResults"),
        };
        return Keep(response);
    }

    /// <summary>Posts form fields to a ballot address, as a browser posts the page's form.</summary>
    public async Task<TestResponse> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var match = Regex.Match(path, "^/api/polls/([^/]+)/ballots$");
        Assert.True(match.Success, path);
        var request = Send(TestRequests.Form(app.Services, "POST", path, fields));
        return Keep(await WorkerPipeline.RunAsync(app, request, r => app.Function<CastBallotFunction>().CastBallot(r, match.Groups[1].Value, Ct), "CastBallot"));
    }

    /// <summary>Sets a cookie as if the app had set it (to try one session's cookie somewhere else).</summary>
    public void Plant(string name, string value, string path) => _cookies[name] = (value, path);

    /// <summary>The hidden <c>formToken</c> of a page's form.</summary>
    public static string FormToken(string html) => WebUtility.HtmlDecode(FormTokenPattern().Match(html).Groups[1].Value);

    private HttpRequest Send(HttpRequest request)
    {
        request.WithHeader("Accept", Accept);
        var path = request.Path.Value!;
        var sent = _cookies.Where(c => path == c.Value.Path || path.StartsWith(c.Value.Path.TrimEnd('/') + "/", StringComparison.Ordinal)).ToList();
        if (sent.Count > 0)
        {
            request.WithHeader("Cookie", string.Join("; ", sent.Select(c => $"{c.Key}={c.Value.Value}")));
        }

        return request;
    }

    private TestResponse Keep(TestResponse response)
    {
        foreach (var header in response.Headers.SetCookie.OfType<string>())
        {
            var parts = header.Split(';', StringSplitOptions.TrimEntries);
            var (name, value) = (parts[0][..parts[0].IndexOf('=', StringComparison.Ordinal)], parts[0][(parts[0].IndexOf('=', StringComparison.Ordinal) + 1)..]);
            var path = parts.FirstOrDefault(p => p.StartsWith("path=", StringComparison.OrdinalIgnoreCase))?[5..] ?? "/";
            _cookies[name] = (Uri.UnescapeDataString(value), path);
        }

        return response;
    }

    [GeneratedRegex("^/api/polls/?([0-9a-zA-Z]*)(/results)?$")]
    private static partial Regex PollPath();

    [GeneratedRegex("<input type=\"hidden\" name=\"formToken\" value=\"([^\"]*)\">")]
    private static partial Regex FormTokenPattern();
}
