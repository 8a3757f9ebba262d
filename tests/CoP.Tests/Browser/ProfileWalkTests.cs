using CoP.Shared.Members;
using CoP.Tests.Members;
using Microsoft.Playwright;
using static CoP.Tests.Browser.BrowserWalks;

namespace CoP.Tests.Browser;

/// <summary>
/// The member's own pages walked in a real browser from the links in their mail: the profile link (edit the topics,
/// saved), the account link (download the data, erase the account), and the privacy and unsubscribe pages reached
/// from the footer. Each page reached passes <see cref="Pages.CheckAsync"/>; what is asserted is what the walk changed.
/// </summary>
public sealed class ProfileWalkTests(StorageFixture storage, BrowserFixture browser)
{
    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    [InlineData("es")]
    public async Task TopicsChangeWhenAMemberEditsThemFromTheirProfileLink(string language)
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, cancellationToken: Ct);
        await using var context = await browser.NewContextAsync(host);
        var page = await context.NewPageAsync();
        var member = await JoinAsync(host, page, $"profile.{language}@example.org");
        Assert.Contains("biochar", member.Topics, StringComparison.Ordinal);

        await page.GotoAsync(host.App.Get<MemberMailer>().ProfileLink(member.MemberId, member.LinkGeneration) + $"&lang={language}");
        Assert.DoesNotContain("token=", page.Url, StringComparison.Ordinal);
        await Pages.CheckAsync(page, $"profile-{language}");
        await page.Locator("input[name=topics][value=biochar]").UncheckAsync();
        await page.Locator("form[action='/api/members/me'] button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("[?&]saved=1"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });

        Assert.EndsWith("/api/members/me?saved=1", page.Url, StringComparison.Ordinal);
        Assert.True(await page.Locator("p.notice[role=status]").IsVisibleAsync());
        await Pages.CheckAsync(page, $"profile-saved-{language}");
        var stored = (await MemberTestFlows.MemberByEmailAsync(host.App, member.Email))!;
        Assert.DoesNotContain("biochar", stored.Topics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAccountLinkDownloadsTheDataThenErasesTheAccount()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, cancellationToken: Ct);
        await using var context = await browser.NewContextAsync(host);
        var page = await context.NewPageAsync();
        var member = await JoinAsync(host, page, "account.walk@example.org");

        await page.GotoAsync(host.App.Get<MemberMailer>().AccountLink(member.MemberId, member.LinkGeneration) + "&lang=en");
        await Pages.CheckAsync(page, "profile-account-en");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("a[href='/api/members/me/export']").First.ClickAsync());
        Assert.Equal("my-data.json", download.SuggestedFilename);
        using (var export = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(await download.PathAsync(), Ct)))
        {
            Assert.Equal(member.Email, export.RootElement.GetProperty("member").GetProperty("email").GetString());
        }

        await page.Locator("a[href='/api/members/me/erase']").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        await Pages.CheckAsync(page, "erase-en");
        Assert.NotNull(await MemberTestFlows.MemberByEmailAsync(host.App, member.Email));
        await page.Locator("form[action='/api/members/me/erase'] button.danger").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        await Pages.CheckAsync(page, "erased-en");

        Assert.Null(await MemberTestFlows.MemberByEmailAsync(host.App, member.Email));
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name is "cop-account" or "cop-profile");
    }

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    [InlineData("es")]
    public async Task ThePrivacyNoticeAndTheUnsubscribeHelpAreReachedFromTheFooter(string language)
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, cancellationToken: Ct);
        await using var context = await browser.NewContextAsync(host);
        var page = await context.NewPageAsync();

        await page.GotoAsync(new Uri(host.BaseAddress, $"api/privacy?lang={language}").ToString());
        await Pages.CheckAsync(page, $"privacy-{language}");
        await page.Locator("footer a[href='/api/unsubscribe']").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        await Pages.CheckAsync(page, $"unsubscribe-how-{language}");

        Assert.Equal(language, await page.Locator("html").GetAttributeAsync("lang"));
    }
}
