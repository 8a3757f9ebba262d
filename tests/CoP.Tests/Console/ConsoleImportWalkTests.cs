using System.Text;
using System.Text.RegularExpressions;
using CoP.Tests.Browser;
using Microsoft.Playwright;
using static CoP.Tests.Members.Import.ImportFiles;

namespace CoP.Tests.Console;

/// <summary>
/// The import as an operator does it in a browser: signed in from the mailed link, a CSV of 500 members of the earlier
/// platform with 5 bad rows is checked (the preview lists exactly those rows), imported (495 members, no mail), then
/// checked and imported again (nothing changes). Every page passes <see cref="Pages.CheckAsync"/>.
/// </summary>
public sealed class ConsoleImportWalkTests(StorageFixture storage, BrowserFixture browser)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnOperatorImportsFiveHundredMembersWithFiveBadRowsThenTheSameFileAgainChangesNothing()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, ConsoleClient.Settings, cancellationToken: Ct);
        await using var context = await browser.NewContextAsync(host);
        var page = await context.NewPageAsync();
        await ConsoleWalks.SignInAsync(host, page);
        var mailBefore = (await host.DeliverMailAsync(Ct)).Count;
        var file = Encoding.UTF8.GetBytes(WithFiveBadRows());

        await page.GotoAsync(host.Url("api/console/members/import").ToString());
        await Pages.CheckAsync(page, "console-import-en");
        await CheckAsync(page, file, "console-import-preview-en");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Import 495 members" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Import 495 members" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("imported=495&already=0&refused=5$"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Imported: 495 new member(s).");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("No mail was sent.");
        await Pages.CheckAsync(page, "console-import-done-en");

        Assert.Equal(495, await Members.MemberTestFlows.RowCountAsync(host.App, "Members"));
        Assert.Equal(0, await host.App.QueuedMailCountAsync(Ct));
        Assert.Equal(mailBefore, (await host.DeliverMailAsync(Ct)).Count);

        // The same file again: the preview finds the 495 as members, and the import leaves them as they are.
        await CheckAsync(page, file, "console-import-preview-again-en");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("495 row(s) whose address is a member already");
        await page.GetByRole(AriaRole.Button, new() { Name = "Import 0 members" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("imported=0&already=495&refused=5$"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await Pages.CheckAsync(page, "console-import-again-en");
        Assert.Equal(495, await Members.MemberTestFlows.RowCountAsync(host.App, "Members"));
        Assert.Equal(mailBefore, (await host.DeliverMailAsync(Ct)).Count);
    }

    /// <summary>Chooses the file on the import page and checks it; the preview must list exactly the bad rows' lines.</summary>
    private static async Task CheckAsync(IPage page, byte[] file, string checkAs)
    {
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "members.csv", MimeType = "text/csv", Buffer = file });
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/import/preview$"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await Pages.CheckAsync(page, checkAs);
        Assert.Equal(BadLines.Select(line => line.ToString(System.Globalization.CultureInfo.InvariantCulture)), await page.Locator("tbody tr td:first-child").AllInnerTextsAsync());
    }
}
