using System.Text.RegularExpressions;
using CoP.Shared.Console;
using CoP.Shared.Members;
using CoP.Tests.Browser;
using CoP.Tests.Members;
using Microsoft.Playwright;
using static CoP.Tests.Console.ConsoleWalks;

namespace CoP.Tests.Console;

/// <summary>
/// The members area walked in Chromium by a signed-in operator: find a member by address, open their record, try to
/// erase without the confirmation (refused), then erase with it. Each page reached passes <see cref="Pages.CheckAsync"/>.
/// </summary>
public sealed class ConsoleMembersWalkTests(StorageFixture storage, BrowserFixture browser)
{
    private const string Email = "erase.walk@example.org";

    [Fact]
    public async Task AnOperatorFindsAMemberByAddressAndErasesThemWithTheConfirmation()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, ConsoleClient.Settings, cancellationToken: Ct);
        var link = await BrowserWalks.RegisterAsync(host, Email);
        Assert.Equal(200, (await MemberTestFlows.ConfirmAsync(host.App, ConsoleClient.TokenOf(link))).Status);
        await BrowserWalks.RegisterAsync(host, "waiting.walk@example.org");
        var member = (await MemberTestFlows.MemberByEmailAsync(host.App, Email))!;
        await using var context = await browser.NewContextAsync(host);
        var page = await context.NewPageAsync();
        await SignInAsync(host, page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Members", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/api/console/members$"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await Pages.CheckAsync(page, "console-members");
        await page.GetByLabel("Email address").FillAsync("  Erase.Walk@EXAMPLE.org ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/api/console/members/search$"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await page.GetByRole(AriaRole.Link, new() { Name = member.Name }).WaitForAsync(new() { Timeout = 120_000 });
        Assert.DoesNotContain("EXAMPLE", page.Url, StringComparison.OrdinalIgnoreCase);
        await Pages.CheckAsync(page, "console-members-found");
        await page.GetByRole(AriaRole.Link, new() { Name = member.Name }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/api/console/members/{member.MemberId}$"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await Pages.CheckAsync(page, "console-member");

        await page.GetByRole(AriaRole.Button, new() { Name = "Erase this member" }).ClickAsync();
        await page.Locator("#confirm-error").WaitForAsync(new() { Timeout = 120_000 });
        await Pages.CheckAsync(page, "console-member-erase-refused");
        Assert.NotNull(await host.App.Get<MemberStore>().GetAsync(member.MemberId, Ct));

        await page.GetByLabel("I understand that erasing this member cannot be undone.").CheckAsync();
        // The erase's own answer is awaited and checked first, so that a failure names what the server answered.
        var erase = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Erase this member" }).ClickAsync(),
            response => response.Request.Method == "POST" && response.Url.EndsWith("/erase", StringComparison.Ordinal),
            new() { Timeout = 120_000 });
        Assert.True(erase.Status == 303, $"The erase answered {erase.Status}.");
        await page.WaitForURLAsync(new Regex("[?&]erased=1"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await Pages.CheckAsync(page, "console-members-erased");

        Assert.True(await page.Locator(".notice[role=status]").IsVisibleAsync());
        Assert.Null(await host.App.Get<MemberStore>().GetAsync(member.MemberId, Ct));
        var audit = await host.App.Get<OperatorAudit>().ListAllAsync(Ct).ToListAsync(Ct);
        Assert.Equal(member.MemberId, Assert.Single(audit, entry => entry.Action == "member.erase").Target);
    }
}
