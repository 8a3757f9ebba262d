using System.Text.RegularExpressions;
using CoP.Functions.Newsletter;
using CoP.Shared.Newsletter.Composition;
using CoP.TestSupport;
using static CoP.Tests.Newsletter.NewsletterTestFlows;

namespace CoP.Tests.Newsletter;

/// <summary>The archive in a browser: the list of sent issues and each issue inside the page frame, in three languages; scripts keep their JSON.</summary>
public sealed class NewsletterArchivePagesTests(StorageFixture storage)
{
    private const string Html = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    [Fact]
    public async Task TheListPageShowsAnEmptyStateBeforeAnyIssueIsSent()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;

        var page = await GetAsync(app, "/api/newsletter/issues", Html);
        var json = await GetAsync(app, "/api/newsletter/issues");

        Assert.Equal(200, page.Status);
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        AssertFramed(page.Body, "Newsletter archive");
        Assert.Contains("No issue has been sent yet.", page.Body, StringComparison.Ordinal);
        Assert.Empty(json.Json().GetProperty("issues").EnumerateArray());
    }

    [Fact]
    public async Task TheListPageLinksASentIssueWhoseFramedPageShowsItsContentWithoutPersonalLinks()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        var (app, _) = CreateApp(storage, sendGrid);
        await using var _app = app;
        await SubscribersAsync(app, 2);
        await PublishedDocumentAsync(app, Slot.AddMinutes(5), "Archived <biochar> trials");
        await Polls.PollTestFlows.PollAsync(app, Polls.PollTestFlows.Definition());
        await SendNowAsync(app);

        var list = await GetAsync(app, "/api/newsletter/issues", Html);
        var issue = await GetAsync(app, $"/api/newsletter/issues/{IssueId}", Html);
        var subject = (await GetAsync(app, $"/api/newsletter/issues/{IssueId}")).Json().GetProperty("subject").GetString()!;

        Assert.Equal(200, list.Status);
        AssertFramed(list.Body, "Newsletter archive");
        Assert.Contains($"<a href=\"/api/newsletter/issues/{IssueId}\">{subject}</a>", list.Body, StringComparison.Ordinal);
        Assert.Contains("Sent on 2 November 2026", list.Body, StringComparison.Ordinal);

        Assert.Equal(200, issue.Status);
        Assert.StartsWith("text/html", issue.ContentType, StringComparison.Ordinal);
        AssertFramed(issue.Body, subject);
        var main = MainOf(issue.Body);
        Assert.Contains("Archived &lt;biochar&gt; trials", main, StringComparison.Ordinal);
        Assert.Contains("style=\"", main, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/api/newsletter/issues\">Back to the newsletter archive</a>", main, StringComparison.Ordinal);
        Assert.DoesNotContain("<body", main, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", issue.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("token=", issue.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(NewsletterSlots.MarkerPrefix, issue.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("unsubscribe", main, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("en", "Newsletter archive", "Back to the newsletter archive", "newsletter –")]
    [InlineData("fr", "Archives de la lettre d’information", "Retour aux archives de la lettre d’information", "Lettre d’information de la")]
    [InlineData("es", "Archivo del boletín", "Volver al archivo del boletín", "Boletín de la")]
    public async Task BothPagesSpeakThePagesLanguage(string language, string listTitle, string back, string subjectWords)
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        var (app, _) = CreateApp(storage, sendGrid);
        await using var _app = app;
        await SubscribersAsync(app, 1);
        await PublishedDocumentAsync(app, Slot.AddMinutes(5), "Cover crops");
        await SendNowAsync(app);

        var list = await GetAsync(app, $"/api/newsletter/issues?lang={language}", Html);
        var issue = await GetAsync(app, $"/api/newsletter/issues/{IssueId}?lang={language}", Html);
        var missing = await GetAsync(app, $"/api/newsletter/issues/2020-01-06-0800?lang={language}", Html);

        Assert.Equal((200, 200, 404), (list.Status, issue.Status, missing.Status));
        AssertFramed(list.Body, listTitle);
        Assert.Contains($"<html lang=\"{language}\"", issue.Body, StringComparison.Ordinal);
        Assert.Contains(subjectWords, H1(issue.Body), StringComparison.Ordinal);
        Assert.Contains(back, issue.Body, StringComparison.Ordinal);
        Assert.Contains("Cover crops", MainOf(issue.Body), StringComparison.Ordinal);
        Assert.StartsWith("text/html", missing.ContentType, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(missing.Body, "<main id=\"main\""));
        Assert.Contains("<a href=\"/api/newsletter/issues\">", MainOf(missing.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownOrMalformedIdIsAFramed404ForBrowsersAndProblemDetailsForScripts()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;

        var unknown = await GetAsync(app, "/api/newsletter/issues/2020-01-06-0800", Html);
        var malformed = await GetAsync(app, "/api/newsletter/issues/..%2Fsecrets", Html);
        var script = await GetAsync(app, "/api/newsletter/issues/2020-01-06-0800");

        Assert.Equal((404, 404, 404), (unknown.Status, malformed.Status, script.Status));
        AssertFramed(unknown.Body, "No such newsletter issue");
        AssertFramed(malformed.Body, "No such newsletter issue");
        Assert.StartsWith("application/problem+json", script.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScriptsKeepTheirJsonForTheListAndTheIssue()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        var (app, _) = CreateApp(storage, sendGrid);
        await using var _app = app;
        await SubscribersAsync(app, 1);
        await PublishedDocumentAsync(app, Slot.AddMinutes(5), "Soil maps");
        await SendNowAsync(app);

        var list = await GetAsync(app, "/api/newsletter/issues");
        var issue = await GetAsync(app, $"/api/newsletter/issues/{IssueId}");

        Assert.StartsWith("application/json", list.ContentType, StringComparison.Ordinal);
        var listed = Assert.Single(list.Json().GetProperty("issues").EnumerateArray());
        Assert.Equal(
            ["issueId", "subject", "sentAt", "periodStart", "periodEnd", "url"],
            listed.EnumerateObject().Select(p => p.Name));
        Assert.EndsWith($"/api/newsletter/issues/{IssueId}", listed.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("application/json", issue.ContentType, StringComparison.Ordinal);
        Assert.Equal(IssueId, issue.Json().GetProperty("issueId").GetString());
        Assert.Equal("Soil maps", issue.Json().GetProperty("documents")[0].GetProperty("title").GetString());
    }

    [Fact]
    public void TheContentIsTheMailsBodyWithoutItsOwnHeading()
    {
        var content = NewsletterArchivePages.Content(
            "<!DOCTYPE html><html><head><title>T</title></head><body style=\"margin:0\"><div style=\"padding:4px\"><h1 style=\"margin:0\">Issue</h1>\n<p>Text</p></div></body></html>");

        Assert.Equal("<div style=\"padding:4px\"><p>Text</p></div>", content);
    }

    private static void AssertFramed(string body, string title)
    {
        Assert.Single(Regex.Matches(body, "<main id=\"main\""));
        Assert.Single(Regex.Matches(body, "<h1[ >]"));
        Assert.Equal(title, H1(body));
        Assert.Contains("<nav", body, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/newsletter/issues\"", body, StringComparison.Ordinal);
        Assert.Contains("<footer", body, StringComparison.Ordinal);
    }

    private static string H1(string body) => Regex.Match(body, "<h1[^>]*>(.*?)</h1>", RegexOptions.Singleline).Groups[1].Value.Trim();

    private static string MainOf(string body) => Regex.Match(body, "<main id=\"main\"[^>]*>(.*)</main>", RegexOptions.Singleline).Groups[1].Value;
}
