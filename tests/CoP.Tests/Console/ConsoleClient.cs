using System.Net;
using System.Text.RegularExpressions;
using CoP.Tests.Browser;

namespace CoP.Tests.Console;

/// <summary>
/// The console driven over real HTTP (a <see cref="FunctionsTestHost"/>), as a browser would drive it: no automatic
/// redirects, and the session cookie sent by hand (HttpClient keeps no <c>Secure</c> cookie over plain http). The
/// operator of these tests is <see cref="OperatorEmail"/>; <see cref="Settings"/> names them in <c>Console__Operators</c>.
/// </summary>
internal sealed partial class ConsoleClient : IDisposable
{
    public const string OperatorEmail = "secretariat@example.org";

    private readonly HttpClient _http;

    private ConsoleClient(FunctionsTestHost host, string? session, string? formToken)
    {
        Host = host;
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = host.BaseAddress };
        Session = session;
        FormToken = formToken;
    }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The settings a host needs for the console: its operators.</summary>
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Console:Operators"] = $"{OperatorEmail}, second.operator@example.org",
    };

    public FunctionsTestHost Host { get; }

    /// <summary>The <c>cop-console</c> cookie's value this client sends (null: none).</summary>
    public string? Session { get; set; }

    /// <summary>The anti-forgery field this client posts with its forms (null: none).</summary>
    public string? FormToken { get; set; }

    /// <summary>A client without a session.</summary>
    public static ConsoleClient Anonymous(FunctionsTestHost host) => new(host, null, null);

    /// <summary>Signs in as <paramref name="email"/> the way an operator does: the form, the mail, the link's page, its button.</summary>
    public static async Task<ConsoleClient> SignInAsync(FunctionsTestHost host, string email = OperatorEmail)
    {
        var client = Anonymous(host);
        var link = await client.RequestLinkAsync(email) ?? throw new InvalidOperationException($"No sign-in mail reached {email}.");
        using var page = await client.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var opened = await client.PostAsync("/api/console/session", new() { ["token"] = TokenOf(link) }, withFormToken: false);
        Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
        client.Session = CookieOf(opened, "cop-console") ?? throw new InvalidOperationException("No session cookie.");
        using var overview = await client.GetAsync("/api/console");
        client.FormToken = FormTokenOf(await overview.Content.ReadAsStringAsync(Ct));
        return client;
    }

    /// <summary>Asks for a sign-in link for <paramref name="email"/> and delivers the mail: the link it brought, or null when no mail went to that address.</summary>
    public async Task<Uri?> RequestLinkAsync(string email)
    {
        var before = (await Host.DeliverMailAsync(Ct)).Count;
        using var asked = await PostAsync("/api/console/sign-in", new() { ["email"] = email }, withFormToken: false);
        Assert.Equal(HttpStatusCode.SeeOther, asked.StatusCode);
        var mail = (await Host.DeliverMailAsync(Ct)).Skip(before).LastOrDefault(m => string.Equals(m.To, email.Trim(), StringComparison.OrdinalIgnoreCase));
        return mail?.Link("/api/console/session");
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    /// <summary>Posts a urlencoded form (with this client's <see cref="FormToken"/> unless told not to).</summary>
    public Task<HttpResponseMessage> PostAsync(string path, Dictionary<string, string> fields, bool withFormToken = true)
    {
        if (withFormToken && FormToken is not null)
        {
            fields.TryAdd("formToken", FormToken);
        }

        return SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) });
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Accept.ParseAdd("text/html");
        if (Session is not null)
        {
            request.Headers.Add("Cookie", $"cop-console={Session}");
        }

        using (request)
        {
            return await _http.SendAsync(request, Ct);
        }
    }

    /// <summary>The value a response sets for cookie <paramref name="name"/>, or null.</summary>
    public static string? CookieOf(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => c.Split(';')[0]).Where(c => c.StartsWith(name + "=", StringComparison.Ordinal)).Select(c => c[(name.Length + 1)..]).LastOrDefault()
            : null;

    /// <summary>The whole <c>Set-Cookie</c> header of cookie <paramref name="name"/> (its attributes too), or null.</summary>
    public static string? SetCookieOf(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.LastOrDefault(c => c.StartsWith(name + "=", StringComparison.Ordinal)) : null;

    /// <summary>The hidden anti-forgery field of a console page.</summary>
    public static string FormTokenOf(string html) =>
        FormTokenField().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException("The page has no formToken field.");

    public static string TokenOf(Uri link) => System.Web.HttpUtility.ParseQueryString(link.Query)["token"] ?? "";

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"formToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormTokenField();
}
