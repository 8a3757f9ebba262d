using System.Net;
using CoP.Shared.Console;
using CoP.Shared.Newsletter;
using CoP.Shared.Newsletter.Issues;
using CoP.Tests.Browser;
using Microsoft.Extensions.Time.Testing;
using static CoP.Tests.Console.ConsoleClient;
using static CoP.Tests.Newsletter.NewsletterTestFlows;

namespace CoP.Tests.Console;

/// <summary>
/// The console's newsletter area over real HTTP: the editorial note (saved, cleared, refused as the JSON route refuses
/// it), the preview in each language, a send now that queues a run which the fake SendGrid receives, the issue's page
/// with its counts, and a held issue finished by the send the documented rules allow. Each action is audited.
/// </summary>
public sealed class ConsoleNewsletterTests(StorageFixture storage)
{
    /// <summary>The newsletter area's routes, with ids filled in (see <see cref="ConsoleAccessTests"/>).</summary>
    public static readonly (string Method, string Path)[] AccessRoutes =
    [
        ("GET", "/api/console/newsletter"),
        ("GET", "/api/console/newsletter/preview?language=fr"),
        ("POST", "/api/console/newsletter/note"),
        ("POST", "/api/console/newsletter/send"),
        ("GET", $"/api/console/newsletter/issues/{IssueId}"),
        ("POST", $"/api/console/newsletter/issues/{IssueId}/send"),
    ];

    private const string Page = "/api/console/newsletter";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheNoteIsSavedShownAsTextThenClearedAndBothAreAudited()
    {
        await using var host = await StartAsync();
        using var client = await SignInAsync(host);
        const string note = "Our <b>annual</b> meeting is in Dakar & online.\nSee you there.";

        using var saved = await client.PostAsync($"{Page}/note", new() { ["note"] = note });
        var page = await ReadAsync(await client.GetAsync($"{Page}?noted=1"));

        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        Assert.Equal($"{Page}?noted=1", saved.Headers.Location?.ToString());
        Assert.Equal(note, await host.App.Get<NewsletterService>().GetNoteAsync(Ct));
        Assert.Contains("The editorial note is saved", page, StringComparison.Ordinal);
        Assert.Contains("Our &lt;b&gt;annual&lt;/b&gt; meeting is in Dakar &amp; online.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>annual</b>", page, StringComparison.Ordinal);

        using var cleared = await client.PostAsync($"{Page}/note", new() { ["note"] = "  " });
        var after = await ReadAsync(await client.GetAsync($"{Page}?noted=1"));

        Assert.Equal(HttpStatusCode.SeeOther, cleared.StatusCode);
        Assert.Null(await host.App.Get<NewsletterService>().GetNoteAsync(Ct));
        Assert.Contains("The editorial note is removed.", after, StringComparison.Ordinal);
        var rows = await NewsletterAuditAsync(host);
        // The fake clock stands still: both rows have the same time, so their order is not known.
        Assert.Equal([("newsletter.note", "editorial-note", "cleared"), ("newsletter.note", "editorial-note", "set")], rows.Select(r => (r.Action, r.Target, r.Detail)).Order());
        Assert.All(rows, row => Assert.DoesNotContain("Dakar", row.Target + row.Detail, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("overlong", "The note can be at most 4000 characters long.")]
    [InlineData("control", "The note cannot contain control characters.")]
    public async Task ANoteTheJsonRouteRefusesIsRefusedWithItsErrorAndNothingChanges(string kind, string error)
    {
        await using var host = await StartAsync();
        using var client = await SignInAsync(host);
        await SetNoteAsync(host.App, "Kept note");
        var note = kind == "overlong" ? new string('x', NewsletterService.MaxNoteLength + 1) : "Bell \u0007 ringing";

        using var refused = await client.PostAsync($"{Page}/note", new() { ["note"] = note });
        var html = await ReadAsync(refused);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(error, html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#note\">", html, StringComparison.Ordinal);
        Assert.Equal("Kept note", await host.App.Get<NewsletterService>().GetNoteAsync(Ct));
        Assert.Empty(await NewsletterAuditAsync(host));
    }

    [Theory]
    [InlineData("en", "Biochar field trials")]
    [InlineData("fr", "Biochar field trials")]
    [InlineData("es", "Biochar field trials")]
    public async Task ThePreviewShowsTheNextIssueWithTheNoteInEachLanguageWithoutAnyMembersLinks(string language, string document)
    {
        await using var host = await StartAsync();
        using var client = await SignInAsync(host);
        var members = await SubscribersAsync(host.App, 2, language);
        await PublishedDocumentAsync(host.App, Slot.AddMinutes(5), document);
        using (var noted = await client.PostAsync($"{Page}/note", new() { ["note"] = "Meet us in Dakar." }))
        {
            Assert.Equal(HttpStatusCode.SeeOther, noted.StatusCode);
        }

        using var answer = await client.GetAsync($"{Page}/preview?language={language}");
        var html = await ReadAsync(answer);
        var expected = await host.App.Get<NewsletterService>().PreviewAsync(null, language, null, Ct);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("Meet us in Dakar.", html, StringComparison.Ordinal);
        Assert.Contains(document, html, StringComparison.Ordinal);
        Assert.Contains($"<pre lang=\"{language}\">", html, StringComparison.Ordinal);
        Assert.Contains(expected!.Email.Subject, WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.All(members, id => Assert.DoesNotContain(id, html, StringComparison.Ordinal));
        Assert.DoesNotContain("@example.org\"", html, StringComparison.Ordinal);
        Assert.Null(await IssueAsync(host.App));
    }

    [Fact]
    public async Task APreviewInAnotherLanguageIsRefused()
    {
        await using var host = await StartAsync();
        using var client = await SignInAsync(host);

        using var answer = await client.GetAsync($"{Page}/preview?language=de");

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SendNowQueuesARunThatReachesSendGridAndTheIssuePageShowsItsCounts()
    {
        await using var host = await StartAsync();
        using var client = await SignInAsync(host);
        var members = await SubscribersAsync(host.App, 3);
        await PublishedDocumentAsync(host.App, Slot.AddMinutes(5), "Soil carbon maps");
        var before = await ReadAsync(await client.GetAsync(Page));
        Assert.Contains($"Send issue {IssueId} now", before, StringComparison.Ordinal);

        using var sent = await client.PostAsync($"{Page}/send", []);

        Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
        Assert.Equal($"{Page}/issues/{IssueId}?sent=1", sent.Headers.Location?.ToString());
        Assert.Empty(AcceptedCopies(host.SendGrid));
        var queued = await ReadAsync(await client.GetAsync(sent.Headers.Location!.ToString()));
        Assert.Contains("The send is queued", queued, StringComparison.Ordinal);

        var drain = await host.App.RunQueuedNewsletterSendsAsync(Ct);

        Assert.Empty(drain.Failures);
        Assert.Equal(members.Order(), AcceptedCopies(host.SendGrid).Select(copy => copy.MemberId).Order());
        var issue = await ReadAsync(await client.GetAsync($"{Page}/issues/{IssueId}"));
        Assert.Contains("<dd>Sent</dd>", issue, StringComparison.Ordinal);
        Assert.Contains("<dt>Accepted (SendGrid took their copy)</dt><dd>3</dd>", issue, StringComparison.Ordinal);
        Assert.Contains($"/api/newsletter/issues/{IssueId}", issue, StringComparison.Ordinal);
        Assert.Contains("no send is allowed on this issue now", issue, StringComparison.Ordinal);
        var list = await ReadAsync(await client.GetAsync(Page));
        Assert.Contains($"<a href=\"{Page}/issues/{IssueId}\">{IssueId}</a></th>", list, StringComparison.Ordinal);
        Assert.Contains($"Issue {IssueId} has already gone out to everyone", list, StringComparison.Ordinal);
        Assert.Equal([("newsletter.send", IssueId, "queued")], (await NewsletterAuditAsync(host)).Select(r => (r.Action, r.Target, r.Detail)));
    }

    [Fact]
    public async Task AHeldIssueIsHighlightedOffersTheSendTheRulesAllowAndThatSendFinishesIt()
    {
        await using var host = await StartAsync(now: Slot.AddHours(3));
        using var client = await SignInAsync(host);
        var members = await SubscribersAsync(host.App, 2);
        await PublishedDocumentAsync(host.App, Slot.AddMinutes(5), "Held news");
        await RunTimerAsync(host.App);
        Assert.Equal(IssueState.Held, (await IssueAsync(host.App))!.IssueState);

        var list = await ReadAsync(await client.GetAsync(Page));
        var page = await ReadAsync(await client.GetAsync($"{Page}/issues/{IssueId}"));

        Assert.Contains("These issues wait for you", list, StringComparison.Ordinal);
        Assert.Contains("<strong>Held</strong> (waits for you)", list, StringComparison.Ordinal);
        Assert.Contains($"Issue {IssueId} was held", list, StringComparison.Ordinal);
        Assert.Contains($"action=\"{Page}/issues/{IssueId}/send\"", page, StringComparison.Ordinal);
        Assert.Contains("name=\"resend\" value=\"finish\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"unknown\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"refused\"", page, StringComparison.Ordinal);

        using var resent = await client.PostAsync($"{Page}/issues/{IssueId}/send", new() { ["resend"] = "finish" });
        var drain = await host.App.RunQueuedNewsletterSendsAsync(Ct);

        Assert.Equal(HttpStatusCode.SeeOther, resent.StatusCode);
        Assert.Equal($"{Page}/issues/{IssueId}?sent=1", resent.Headers.Location?.ToString());
        Assert.Empty(drain.Failures);
        Assert.Equal(IssueState.Sent, (await IssueAsync(host.App))!.IssueState);
        Assert.Equal(members.Order(), AcceptedCopies(host.SendGrid).Select(copy => copy.MemberId).Order());
        Assert.Equal([("newsletter.resend", IssueId, "finish")], (await NewsletterAuditAsync(host)).Select(r => (r.Action, r.Target, r.Detail)));
    }

    [Fact]
    public async Task ASendTheRulesDoNotAllowIsRefusedAndAnUnknownIssueIsNotFound()
    {
        await using var host = await StartAsync();
        using var client = await SignInAsync(host);
        await SubscribersAsync(host.App, 1);
        await PublishedDocumentAsync(host.App, Slot.AddMinutes(5), "Sent news");
        await SendNowAsync(host.App);

        using var again = await client.PostAsync($"{Page}/issues/{IssueId}/send", new() { ["resend"] = "refused" });
        using var finish = await client.PostAsync($"{Page}/issues/{IssueId}/send", []);
        using var bogus = await client.PostAsync($"{Page}/issues/{IssueId}/send", new() { ["resend"] = "everything" });
        using var unknown = await client.GetAsync($"{Page}/issues/2026-11-09-0800");
        using var malformed = await client.GetAsync($"{Page}/issues/latest");
        using var unknownSend = await client.PostAsync($"{Page}/issues/2026-11-09-0800/send", []);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("The rules do not allow this send", await ReadAsync(again), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, finish.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bogus.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownSend.StatusCode);
        Assert.Empty(await NewsletterAuditAsync(host));
        Assert.Equal(0, (await host.App.RunQueuedNewsletterSendsAsync(Ct)).Delivered);
    }

    // A host whose clock stands after the default schedule's slot, documents counted as soon as they are published.
    private Task<FunctionsTestHost> StartAsync(DateTimeOffset? now = null)
    {
        var settings = new Dictionary<string, string?>(Settings) { ["Newsletter:PublishDelay"] = "00:00:00" };
        return FunctionsTestHost.StartAsync(storage, settings, new FakeTimeProvider(now ?? Slot.AddMinutes(10)), Ct);
    }

    private static async Task<string> ReadAsync(HttpResponseMessage answer)
    {
        using (answer)
        {
            return await answer.Content.ReadAsStringAsync(Ct);
        }
    }

    private static async Task<List<AuditEntry>> NewsletterAuditAsync(FunctionsTestHost host) =>
        [.. (await host.App.Get<OperatorAudit>().ListAllAsync(Ct).ToListAsync(Ct)).Where(e => e.Action.StartsWith("newsletter.", StringComparison.Ordinal))];
}
