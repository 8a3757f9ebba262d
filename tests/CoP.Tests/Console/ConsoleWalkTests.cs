using System.Text.RegularExpressions;
using CoP.Shared.Console;
using CoP.Tests.Browser;
using Microsoft.Playwright;
using static CoP.Tests.Console.ConsoleWalks;

namespace CoP.Tests.Console;

/// <summary>
/// The console's frame walked in a real browser: signing in from the mailed link, the overview, a topic added and
/// retired, the audit log that shows both, and signing out. Each page passes <see cref="Pages.CheckAsync"/>.
/// </summary>
public sealed class ConsoleWalkTests(StorageFixture storage, BrowserFixture browser)
{
    [Fact]
    public async Task AnOperatorSignsInAddsAndRetiresATopicReadsTheAuditLogAndSignsOut()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, ConsoleClient.Settings, cancellationToken: Ct);
        await using var context = await browser.NewContextAsync(host);
        var page = await context.NewPageAsync();

        await SignInAsync(host, page, checkAs: "console");
        await Pages.CheckAsync(page, "console-overview");
        Assert.True(await page.GetByRole(AriaRole.Link, new() { Name = "Topics" }).IsVisibleAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Topics" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/api/console/topics$"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await page.GetByLabel("Slug").FillAsync("soil-biodiversity");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Soil biodiversity");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the topic" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("[?&]saved=soil-biodiversity"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await Pages.CheckAsync(page, "console-topics");

        await page.GetByRole(AriaRole.Button, new() { Name = "Retire topic Soil biodiversity" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("[?&]retired=soil-biodiversity"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        Assert.True((await host.App.Get<CoP.Shared.Topics.TopicStore>().FindAsync("soil-biodiversity", Ct))?.Retired);

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/api/console/audit$"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await Pages.CheckAsync(page, "console-audit");
        var rows = await page.Locator("tbody tr").AllInnerTextsAsync();
        Assert.Contains(rows, row => row.Contains("topic.retire", StringComparison.Ordinal) && row.Contains("soil-biodiversity", StringComparison.Ordinal));
        Assert.Contains(rows, row => row.Contains("topic.save", StringComparison.Ordinal));

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("[?&]signedOut=1"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await page.GotoAsync(host.Url("api/console").ToString());
        Assert.EndsWith("/api/console/sign-in", page.Url, StringComparison.Ordinal);
        var actions = await host.App.Get<OperatorAudit>().ListAllAsync(Ct).Select(e => e.Action).ToListAsync(Ct);
        Assert.Equal(["console.sign-out", "topic.retire", "topic.save", "console.sign-in"], actions);
    }

    [Fact]
    public async Task TheSignInPagesReadInFrenchAndSpanish()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, ConsoleClient.Settings, cancellationToken: Ct);
        await using var context = await browser.NewContextAsync(host);
        var page = await context.NewPageAsync();

        foreach (var (language, button) in new[] { ("fr", "M’envoyer un lien de connexion"), ("es", "Enviarme un enlace de acceso") })
        {
            await page.GotoAsync(host.Url($"api/console/sign-in?lang={language}").ToString());
            Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = button }).IsVisibleAsync());
            await Pages.CheckAsync(page, $"console-sign-in-{language}");
        }
    }
}
