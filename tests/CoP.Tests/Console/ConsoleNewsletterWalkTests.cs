using System.Text.RegularExpressions;
using CoP.Shared.Newsletter;
using CoP.Tests.Browser;
using Microsoft.Playwright;
using static CoP.Tests.Newsletter.NewsletterTestFlows;

namespace CoP.Tests.Console;

/// <summary>
/// The newsletter walked in a real browser by an operator: with a member who joined and news to tell, the preview in
/// each language, the editorial note, a send now whose queued run reaches the fake SendGrid, and the issue's counts on
/// its console page. Each page reached passes <see cref="Pages.CheckAsync"/>.
/// </summary>
public sealed class ConsoleNewsletterWalkTests(StorageFixture storage, BrowserFixture browser)
{
    private const string Reader = "newsletter.reader@example.org";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnOperatorPreviewsSetsTheNoteSendsAndSeesTheIssuesCounts()
    {
        var settings = new Dictionary<string, string?>(ConsoleClient.Settings) { ["Newsletter:PublishDelay"] = "00:00:00" };
        await using var host = await FunctionsTestHost.StartAsync(storage, settings, cancellationToken: Ct);
        await using var context = await browser.NewContextAsync(host);
        var page = await context.NewPageAsync();
        var member = await BrowserWalks.JoinAsync(host, page, Reader);
        await BrowserWalks.OpenPollAsync(host);
        await PublishedDocumentAsync(host.App, DateTimeOffset.UtcNow.AddMinutes(-1), "Biochar field trials");
        var issueId = host.App.Get<NewsletterService>().CurrentIssueId;

        await ConsoleWalks.SignInAsync(host, page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Newsletter", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/api/console/newsletter$"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await Pages.CheckAsync(page, "console-newsletter");

        foreach (var language in new[] { "en", "fr", "es" })
        {
            await page.GotoAsync(host.Url($"api/console/newsletter/preview?language={language}").ToString());
            var text = await page.Locator("pre").InnerTextAsync();
            Assert.Contains("Biochar field trials", text, StringComparison.Ordinal);
            Assert.Contains("Which topic should the next cycle prioritise?", text, StringComparison.Ordinal);
            Assert.DoesNotContain(member.MemberId, await page.ContentAsync(), StringComparison.Ordinal);
            await Pages.CheckAsync(page, $"console-newsletter-preview-{language}");
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the newsletter" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/api/console/newsletter$"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await page.GetByLabel("Note of the next issue").FillAsync("Our annual meeting is in Dakar.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the note" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("[?&]noted=1"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        Assert.Equal("Our annual meeting is in Dakar.", await page.GetByLabel("Note of the next issue").InputValueAsync());
        await Pages.CheckAsync(page, "console-newsletter-noted");

        await page.GotoAsync(host.Url("api/console/newsletter/preview?language=fr").ToString());
        Assert.Contains("Our annual meeting is in Dakar.", await page.Locator("pre").InnerTextAsync(), StringComparison.Ordinal);
        await page.GotoAsync(host.Url("api/console/newsletter").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = $"Send issue {issueId} now" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("[?&]sent=1"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await Pages.CheckAsync(page, "console-newsletter-issue-queued");

        var drain = await host.App.RunQueuedNewsletterSendsAsync(Ct);
        Assert.Empty(drain.Failures);
        await page.GotoAsync(host.Url($"api/console/newsletter/issues/{issueId}").ToString());
        await Pages.CheckAsync(page, "console-newsletter-issue-sent");

        Assert.Equal("Sent", await Definition(page, "State").InnerTextAsync());
        Assert.Equal("1", await Definition(page, "Accepted (SendGrid took their copy)").InnerTextAsync());
        Assert.Equal("0", await Definition(page, "Refused").InnerTextAsync());
        var copy = Assert.Single(AcceptedCopies(host.SendGrid));
        Assert.Equal((member.MemberId, Reader), (copy.MemberId, copy.Email));
        var newsletter = host.SendGrid.Requests.Single(IsNewsletter);
        Assert.Contains("Our annual meeting is in Dakar.", Content(newsletter, "text/plain"), StringComparison.Ordinal);
        Assert.Contains("Biochar field trials", Content(newsletter, "text/plain"), StringComparison.Ordinal);
    }

    // The <dd> that follows the <dt> named <paramref name="term"/>.
    private static ILocator Definition(IPage page, string term) =>
        page.Locator($"dt:text-is(\"{term}\") + dd");
}
