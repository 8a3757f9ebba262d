using System.Net;
using CoP.Shared.Console;
using CoP.Shared.Members;
using CoP.Tests.Browser;
using CoP.Tests.Contract;
using Microsoft.Extensions.Time.Testing;
using static CoP.Tests.Console.ConsoleClient;

namespace CoP.Tests.Console;

/// <summary>
/// No console page or action without an operator's session, over real HTTP: no cookie, a member's session cookie (or a
/// member's token in the console's), a session signed out, one expired; and no action without the session's anti-forgery
/// field. Every refused request changes nothing (the audit log holds only the sign-ins). Each area's routes are in
/// <see cref="Routes"/>; <see cref="EveryConsoleRouteIsInTheTable"/> keeps the table complete.
/// </summary>
public sealed class ConsoleAccessTests(StorageFixture storage)
{
    /// <summary>The core's routes (overview, audit, topics, sign-out), with their paths filled in.</summary>
    public static readonly (string Method, string Path)[] AccessRoutes =
    [
        ("GET", "/api/console"),
        ("GET", "/api/console/audit"),
        ("GET", "/api/console/topics"),
        ("POST", "/api/console/topics"),
        ("POST", "/api/console/topics/biochar/retire"),
        ("POST", "/api/console/sign-out"),
    ];

    /// <summary>
    /// Every console route but the sign-in steps: the <c>AccessRoutes</c> field of every class of this namespace (each
    /// area's test class lists its own routes, with ids filled in, in a public static field of that name).
    /// </summary>
    public static TheoryData<string, string> Routes()
    {
        var data = new TheoryData<string, string>();
        var rows = typeof(ConsoleAccessTests).Assembly.GetTypes()
            .Where(type => type.Namespace == typeof(ConsoleAccessTests).Namespace)
            .Select(type => type.GetField("AccessRoutes", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)?.GetValue(null))
            .OfType<(string Method, string Path)[]>()
            .SelectMany(routes => routes)
            .OrderBy(route => route.Path, StringComparer.Ordinal).ThenBy(route => route.Method, StringComparer.Ordinal);
        foreach (var (method, path) in rows)
        {
            data.Add(method, path);
        }

        return data;
    }

    /// <summary>The sign-in steps, open to anyone by design.</summary>
    private static readonly string[] SignInRoutes = ["console/sign-in", "console/session"];

    [Fact]
    public void EveryConsoleRouteIsInTheTable()
    {
        var table = Routes().Select(row => row.Data).ToList();
        var console = OpenApiDocumentTests.HttpRoutes()
            .Where(route => (route.Route == "console" || route.Route.StartsWith("console/", StringComparison.Ordinal)) && !SignInRoutes.Contains(route.Route))
            .ToList();

        Assert.NotEmpty(console);
        Assert.All(console, route =>
        {
            Assert.Equal("Anonymous", route.AuthLevel);
            Assert.True(
                table.Any(row => row.Item1.Equals(route.Method, StringComparison.OrdinalIgnoreCase) && Matches(route.Route, row.Item2)),
                $"{route.Method.ToUpperInvariant()} {route.Route} is not in ConsoleAccessTests.Routes.");
        });
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task WithoutASessionNothingOpens(string method, string path)
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = Anonymous(host);
        client.FormToken = "made-up";

        await AssertRefusedAsync(client, method, path);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AMembersSessionOpensNothing(string method, string path)
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        var link = await BrowserWalks.RegisterAsync(host, OperatorEmail);
        Assert.Equal(200, (await Members.MemberTestFlows.ConfirmAsync(host.App, TokenOf(link))).Status);
        var member = (await Members.MemberTestFlows.MemberByEmailAsync(host.App, OperatorEmail))!;
        var account = host.App.Get<MemberTokenService>().Issue(member, TokenPurpose.Account);
        using var client = Anonymous(host);
        client.Session = account;
        client.FormToken = CoP.Functions.Http.MemberSessions.FormToken(account);

        await AssertRefusedAsync(client, method, path, extraCookies: $"cop-account={account}; cop-profile={account}");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task ASignedOutSessionOpensNothing(string method, string path)
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);
        using (var signedOut = await client.PostAsync("/api/console/sign-out", []))
        {
            Assert.Equal(HttpStatusCode.SeeOther, signedOut.StatusCode);
        }

        await AssertRefusedAsync(client, method, path, auditedBefore: 2);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AnExpiredSessionOpensNothing(string method, string path)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, time, Ct);
        using var client = await SignInAsync(host);

        time.Advance(TimeSpan.FromHours(8) + TimeSpan.FromSeconds(1));

        await AssertRefusedAsync(client, method, path, auditedBefore: 1);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EveryConsoleAnswerCarriesTheSecurityHeadersAndNeedsNoScript(string method, string path)
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);

        using var answer = method == "GET" ? await client.GetAsync(path) : await client.PostAsync(path, []);

        Assert.Equal("nosniff", string.Join(",", answer.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", string.Join(",", answer.Headers.GetValues("Referrer-Policy")));
        var policy = string.Join(",", answer.Headers.GetValues("Content-Security-Policy"));
        Assert.StartsWith("default-src 'none';", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        if (answer.Content.Headers.ContentType?.MediaType == "text/html")
        {
            Assert.DoesNotContain("<script", await answer.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AFormWithoutTheSessionsAntiForgeryFieldChangesNothing(string method, string path)
    {
        if (method != "POST")
        {
            Assert.Equal("GET", method);
            return;
        }

        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);
        using var other = await SignInAsync(host, "second.operator@example.org");

        foreach (var formToken in new string?[] { null, "", "forged", other.FormToken, client.FormToken + "x" })
        {
            client.FormToken = formToken;
            using var answer = await client.PostAsync(path, Fields());

            Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
            Assert.Contains("text/html", answer.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        }

        await AssertNothingDoneAsync(host, auditedBefore: 2);
    }

    // Fields that would do something with a good session: a topic to save, for instance.
    private static Dictionary<string, string> Fields() => new()
    {
        ["slug"] = "access-test",
        ["name"] = "Access test",
        ["reason"] = "Access test",
        ["decision"] = "approve",
        ["confirm"] = "erase",
    };

    private static async Task AssertRefusedAsync(ConsoleClient client, string method, string path, int auditedBefore = 0, string? extraCookies = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            var fields = Fields();
            fields["formToken"] = client.FormToken ?? "";
            request.Content = new FormUrlEncodedContent(fields);
        }

        if (extraCookies is not null)
        {
            request.Headers.Add("Cookie", extraCookies);
        }

        using var answer = await client.SendAsync(request);
        var body = await answer.Content.ReadAsStringAsync(Ct);

        if (method == "GET")
        {
            Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode);
            Assert.Equal("/api/console/sign-in", answer.Headers.Location?.ToString());
        }
        else
        {
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
            Assert.Contains("/api/console/sign-in", body, StringComparison.Ordinal);
        }

        Assert.Equal("no-store", answer.Headers.CacheControl?.ToString());
        await AssertNothingDoneAsync(client.Host, auditedBefore);
    }

    private static async Task AssertNothingDoneAsync(FunctionsTestHost host, int auditedBefore)
    {
        var audit = await host.App.Get<OperatorAudit>().ListAllAsync(Ct).ToListAsync(Ct);
        Assert.Equal(auditedBefore, audit.Count);
        Assert.All(audit, entry => Assert.StartsWith("console.sign-", entry.Action, StringComparison.Ordinal));
        Assert.Null(await host.App.Get<CoP.Shared.Topics.TopicStore>().FindAsync("access-test", Ct));
    }

    private static bool Matches(string template, string path)
    {
        var segments = path.TrimStart('/').Split('?')[0].Split('/').Skip(1).ToArray();
        var parts = template.Split('/');
        return parts.Length == segments.Length
            && parts.Zip(segments).All(p => p.First.StartsWith('{') ? p.Second.Length > 0 : p.First.Equals(p.Second, StringComparison.Ordinal));
    }
}
