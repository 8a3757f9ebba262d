using System.Net;
using System.Net.Http.Json;
using CoP.Shared.Console;
using CoP.Shared.Members;
using CoP.Tests.Browser;
using CoP.Tests.Members;
using static CoP.Tests.Console.ConsoleClient;

namespace CoP.Tests.Console;

/// <summary>
/// The console's members area over real HTTP: the search by address (exact, through the hashed index), the list by
/// status page by page, the CSV export, the erase behind its confirmation, and the lift of a newsletter suppression.
/// Operators see names and addresses on the pages; the audit rows and the logs never hold them.
/// </summary>
public sealed class ConsoleMembersTests(StorageFixture storage)
{
    private const string Email = "amina.diallo@example.org";
    private const string UnknownId = "0123456789abcdef0123456789abcdef";

    /// <summary>The members area's routes, ids filled in.</summary>
    public static readonly (string Method, string Path)[] AccessRoutes =
    [
        ("GET", "/api/console/members"),
        ("POST", "/api/console/members/search"),
        ("GET", "/api/console/members/export"),
        ("GET", $"/api/console/members/{UnknownId}"),
        ("POST", $"/api/console/members/{UnknownId}/erase"),
        ("POST", $"/api/console/members/{UnknownId}/lift-suppression"),
    ];

    [Fact]
    public async Task TheSearchFindsTheMemberByTheExactAddressWhateverTheCaseAndSurroundingSpaces()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        var member = await ConfirmedAsync(host, Email);
        using var client = await SignInAsync(host);

        var (status, html) = await SearchAsync(client, "  Amina.Diallo@EXAMPLE.ORG ");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"href=\"/api/console/members/{member.MemberId}\"", html, StringComparison.Ordinal);
        Assert.Contains(Email, html, StringComparison.Ordinal);
        Assert.DoesNotContain("No member has this address.", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("amina.diallo@example.net")]
    [InlineData("amina.diallo")]
    [InlineData("diallo@example.org")]
    public async Task AnAddressNobodyHasAnswersTheSamePageSayingSo(string email)
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        var member = await ConfirmedAsync(host, Email);
        using var client = await SignInAsync(host);

        var (foundStatus, found) = await SearchAsync(client, Email);
        var (status, html) = await SearchAsync(client, email);

        Assert.Equal(foundStatus, status);
        Assert.Contains("No member has this address.", html, StringComparison.Ordinal);
        Assert.DoesNotContain(member.MemberId, html, StringComparison.Ordinal);
        Assert.Equal(Outline(found, "<h2>Result</h2>"), Outline(html, "<h2>Result</h2>"));
        Assert.Contains("<h2>Result</h2>", html, StringComparison.Ordinal);
        Assert.Contains("Back to the list", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheListFiltersByStatusAndPagesWithNextLinksAndCounts()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        foreach (var email in new[] { "one@example.org", "two@example.org", "three@example.org" })
        {
            await ConfirmedAsync(host, email);
        }

        await BrowserWalks.RegisterAsync(host, "waiting@example.org");
        using var client = await SignInAsync(host);

        var (_, first) = await PageAsync(client, "/api/console/members?status=confirmed&pageSize=2");
        var pages = new List<string> { first };
        while (NextLink(pages[^1]) is { } next && pages.Count < 5)
        {
            Assert.Contains("status=confirmed&pageSize=2&cursor=", next, StringComparison.Ordinal);
            pages.Add((await PageAsync(client, next)).Html);
        }

        var (_, pending) = await PageAsync(client, "/api/console/members?status=Pending");
        var (_, all) = await PageAsync(client, "/api/console/members");

        // The storage service may end a filtered page early, or give a cursor to an empty last page: follow them all.
        Assert.Equal(2, Rows(first));
        Assert.InRange(pages.Count, 2, 3);
        Assert.Equal(3, pages.Sum(Rows));
        Assert.All(new[] { "one@example.org", "two@example.org", "three@example.org" }, email => Assert.Single(pages, page => page.Contains(email, StringComparison.Ordinal)));
        Assert.DoesNotContain(pages, page => page.Contains("waiting@example.org", StringComparison.Ordinal));
        Assert.Equal(1, Rows(pending));
        Assert.Contains("waiting@example.org", pending, StringComparison.Ordinal);
        Assert.Contains("<option value=\"pending\" selected>", pending, StringComparison.Ordinal);
        Assert.Equal(4, Rows(all));
        Assert.Contains("3 confirmed · 1 waiting for confirmation · 0 whose newsletter is suppressed", all, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/console/members/export?status=pending\"", pending, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheExportIsTheMembersCsvAsAnAttachmentWithFormulasEscapedAndIsAudited()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        await ConfirmedAsync(host, Email);
        using (var http = host.Client())
        {
            var body = new { email = "formula@example.org", name = "=HYPERLINK(\"http://evil.example\",\"x\")", consent = true };
            using var registered = await http.PostAsJsonAsync("api/registrations", body, Ct);
            Assert.True(registered.IsSuccessStatusCode);
        }

        await host.DeliverMailAsync(Ct);
        using var client = await SignInAsync(host);

        using var all = await client.GetAsync("/api/console/members/export");
        var csv = (await all.Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF');
        using var confirmed = await client.GetAsync("/api/console/members/export?status=confirmed");
        var confirmedCsv = await confirmed.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal("text/csv", all.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", all.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("members.csv", all.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', MemberCsvExporter.Header), lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains(Email, csv, StringComparison.Ordinal);
        var formula = lines.Single(l => l.Contains("formula@example.org", StringComparison.Ordinal));
        Assert.Contains("'=HYPERLINK", formula, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", formula, StringComparison.Ordinal);
        Assert.DoesNotContain("formula@example.org", confirmedCsv, StringComparison.Ordinal);
        var audit = await AuditAsync(host);
        Assert.Equal(["all, 2 rows", "status=confirmed, 1 rows"], audit.Where(e => e.Action == "members.export").Select(e => e.Detail).Order(StringComparer.Ordinal));
        Assert.Equal(["all", "status=confirmed"], audit.Where(e => e.Action == "members.export.start").Select(e => e.Detail).Order(StringComparer.Ordinal));
        AssertNoPersonalData(host, audit, Email, "formula@example.org", "Amina", "HYPERLINK");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yes")]
    [InlineData("ERASE ")]
    public async Task AnEraseWithoutTheConfirmationErasesNothing(string? confirm)
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        var member = await ConfirmedAsync(host, Email);
        using var client = await SignInAsync(host);
        var fields = confirm is null ? new Dictionary<string, string>() : new() { ["confirm"] = confirm };

        using var answer = await client.PostAsync($"/api/console/members/{member.MemberId}/erase", fields);
        var html = await answer.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("<span class=\"error\" id=\"confirm-error\">Tick the box to confirm the erasure.</span>", html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.NotNull(await host.App.Get<MemberStore>().GetAsync(member.MemberId, Ct));
        Assert.All(await AuditAsync(host), entry => Assert.Equal("console.sign-in", entry.Action));
        Assert.DoesNotContain(await host.DeliverMailAsync(Ct), mail => mail.Categories.Contains("erase-receipt"));
    }

    [Fact]
    public async Task AnEraseWithTheConfirmationErasesTheMemberAndAuditsOnlyTheirId()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        var member = await ConfirmedAsync(host, Email);
        using var client = await SignInAsync(host);

        using var erased = await client.PostAsync($"/api/console/members/{member.MemberId}/erase", new() { ["confirm"] = "erase" });
        var (_, list) = await PageAsync(client, erased.Headers.Location!.ToString());
        using var again = await client.PostAsync($"/api/console/members/{member.MemberId}/erase", new() { ["confirm"] = "erase" });
        using var page = await client.GetAsync($"/api/console/members/{member.MemberId}");
        var (_, search) = await SearchAsync(client, Email);

        Assert.Equal(HttpStatusCode.SeeOther, erased.StatusCode);
        Assert.Equal("/api/console/members?erased=1", erased.Headers.Location?.ToString());
        Assert.Contains("The member was erased.", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("There is no member with this id.", await again.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("No member has this address.", search, StringComparison.Ordinal);
        Assert.Null(await host.App.Get<MemberStore>().GetAsync(member.MemberId, Ct));
        Assert.Single(await host.DeliverMailAsync(Ct), mail => mail.To == Email && mail.Categories.Contains("erase-receipt"));
        var audit = await AuditAsync(host);
        var row = Assert.Single(audit, entry => entry.Action == "member.erase");
        Assert.Equal(member.MemberId, row.Target);
        Assert.Equal("", row.Detail);
        AssertNoPersonalData(host, audit, Email, member.Name);
    }

    [Fact]
    public async Task LiftingASuppressionLetsTheNewsletterGoAgainAndIsAudited()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        var member = await ConfirmedAsync(host, Email);
        var store = host.App.Get<MemberStore>();
        var stored = (await store.GetAsync(member.MemberId, Ct))!;
        stored.NewsletterSuppressed = "bounce";
        stored.NewsletterSuppressedAt = DateTimeOffset.UtcNow;
        Assert.True(await store.TryReplaceAsync(stored, Ct));
        using var client = await SignInAsync(host);

        var (_, before) = await PageAsync(client, $"/api/console/members/{member.MemberId}");
        var (_, listed) = await PageAsync(client, "/api/console/members");
        using var lifted = await client.PostAsync($"/api/console/members/{member.MemberId}/lift-suppression", []);
        var (_, after) = await PageAsync(client, lifted.Headers.Location!.ToString());
        using var again = await client.PostAsync($"/api/console/members/{member.MemberId}/lift-suppression", []);
        using var unknown = await client.PostAsync($"/api/console/members/{UnknownId}/lift-suppression", []);

        Assert.Contains("<strong>bounce</strong>", before, StringComparison.Ordinal);
        Assert.Contains($"action=\"/api/console/members/{member.MemberId}/lift-suppression\"", before, StringComparison.Ordinal);
        Assert.Contains("1 whose newsletter is suppressed", listed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, lifted.StatusCode);
        Assert.Equal($"/api/console/members/{member.MemberId}?lifted=1", lifted.Headers.Location?.ToString());
        Assert.Contains("The suppression was lifted", after, StringComparison.Ordinal);
        Assert.DoesNotContain("/lift-suppression\"", after, StringComparison.Ordinal);
        Assert.True((await store.GetAsync(member.MemberId, Ct))!.ReceivesNewsletter);
        Assert.Equal($"/api/console/members/{member.MemberId}?lifted=0", again.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var audit = await AuditAsync(host);
        Assert.Equal(
            ["lifted bounce, 0 soft bounces", "not suppressed"],
            audit.Where(e => e.Action == "member.lift-suppression" && e.Target == member.MemberId).Select(e => e.Detail).Order(StringComparer.Ordinal));
        AssertNoPersonalData(host, audit, Email, member.Name);
    }

    [Theory]
    [InlineData("GET", UnknownId)]
    [InlineData("GET", "not-a-member-id")]
    [InlineData("GET", "0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("POST", UnknownId)]
    [InlineData("POST", "%3Cscript%3E")]
    public async Task AnUnknownOrMalformedMemberIdIsANotFoundPage(string method, string memberId)
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);

        using var answer = method == "GET"
            ? await client.GetAsync($"/api/console/members/{memberId}")
            : await client.PostAsync($"/api/console/members/{memberId}/erase", new() { ["confirm"] = "erase" });

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal("text/html", answer.Content.Headers.ContentType?.MediaType);
        Assert.Contains("There is no member with this id.", await answer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.All(await AuditAsync(host), entry => Assert.Equal("console.sign-in", entry.Action));
    }

    [Theory]
    [InlineData("email", "<script>alert(1)</script>@example.org")]
    [InlineData("email", "\"><img src=x onerror=alert(1)>")]
    [InlineData("email", "a@b.c\u0000\u202e")]
    [InlineData("email", "huge")]
    [InlineData("status", "<b>confirmed</b>")]
    [InlineData("status", "huge")]
    [InlineData("cursor", "bm90IGEgdG9rZW4")]
    [InlineData("cursor", "YWJj")]
    [InlineData("cursor", "%%%<i>")]
    [InlineData("pageSize", "-1")]
    [InlineData("pageSize", "99999999999")]
    public async Task HostileQueryValuesAreEncodedAndNeverAFailure(string name, string value)
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        await ConfirmedAsync(host, Email);
        using var client = await SignInAsync(host);
        var sent = value == "huge" ? new string('x', 3000) + "<@example.org" : value;

        // The address is searched by a post (it is in no link); the other values are the list's query.
        var (status, html) = name == "email"
            ? await SearchAsync(client, sent)
            : await PageAsync(client, $"/api/console/members?{name}={Uri.EscapeDataString(sent)}");
        using var export = await client.GetAsync($"/api/console/members/export?{name}={Uri.EscapeDataString(sent)}");

        // A control character in a posted form is refused before the form is read (400 problem), as on every form.
        var refused = name == "email" && sent.Contains('\0', StringComparison.Ordinal);
        Assert.Equal(refused ? HttpStatusCode.BadRequest : HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>confirmed", html, StringComparison.Ordinal);
        Assert.DoesNotContain("x<@", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", html, StringComparison.Ordinal);
        if (name == "email" && !refused)
        {
            Assert.Contains("No member has this address.", html, StringComparison.Ordinal);
        }
    }

    /// <summary>A confirmed member who registered and confirmed through the app's own routes.</summary>
    private static async Task<MemberEntity> ConfirmedAsync(FunctionsTestHost host, string email)
    {
        var link = await BrowserWalks.RegisterAsync(host, email);
        Assert.Equal(200, (await MemberTestFlows.ConfirmAsync(host.App, TokenOf(link))).Status);
        return (await MemberTestFlows.MemberByEmailAsync(host.App, email))!;
    }

    // The search posts the address, so that it is in no link.
    private static async Task<(HttpStatusCode Status, string Html)> SearchAsync(ConsoleClient client, string email)
    {
        using var answer = await client.PostAsync("/api/console/members/search", new() { ["email"] = email });
        return (answer.StatusCode, await answer.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<(HttpStatusCode Status, string Html)> PageAsync(ConsoleClient client, string path)
    {
        using var answer = await client.GetAsync(path);
        return (answer.StatusCode, await answer.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<List<AuditEntry>> AuditAsync(FunctionsTestHost host) =>
        await host.App.Get<OperatorAudit>().ListAllAsync(Ct).ToListAsync(Ct);

    // No audit row and no log line holds an address or a name of the members.
    private static void AssertNoPersonalData(FunctionsTestHost host, List<AuditEntry> audit, params string[] personal)
    {
        foreach (var value in personal)
        {
            Assert.DoesNotContain(audit, entry => $"{entry.Action} {entry.Target} {entry.Detail}".Contains(value, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(host.App.Logs.Entries, entry => entry.AllText.Contains(value, StringComparison.OrdinalIgnoreCase));
        }
    }

    // The "Next page" link of a list page, or null on the last.
    private static string? NextLink(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "href=\"(/api/console/members\\?[^\"]*cursor=[^\"]+)\"") is { Success: true } next ? WebUtility.HtmlDecode(next.Groups[1].Value) : null;

    // The rows of a page's member table.
    private static int Rows(string html) => html.Split("<tr><td><a href=\"/api/console/members/", StringSplitOptions.None).Length - 1;

    // The page's elements up to <paramref name="end"/>, without their text or attributes: the shape of the answer.
    private static string Outline(string html, string end)
    {
        var main = html[..html.IndexOf(end, StringComparison.Ordinal)];
        return string.Concat(System.Text.RegularExpressions.Regex.Matches(main, "</?[a-z0-9]+").Select(m => m.Value + ">"));
    }
}
