using System.Text.Json;
using System.Text.RegularExpressions;
using CoP.Shared.Members;
using CoP.Tests.Browser;
using Microsoft.Playwright;
using static CoP.Tests.Browser.BrowserWalks;

namespace CoP.Tests.Console;

/// <summary>
/// The console's polls area walked in a real browser: an operator signs in from the mailed link, creates a ranked poll
/// through the form (after a refused first try), a member finds it on the member side and ranks its options, the
/// operator closes it from the console and reads the results. Every console page reached passes
/// <see cref="Pages.CheckAsync"/>.
/// </summary>
public sealed class ConsolePollsWalkTests(StorageFixture storage, BrowserFixture browser)
{
    private static readonly string[] Options = ["Biochar", "Soil carbon", "Monitoring", "Finance"];

    [Fact]
    public async Task ARankedPollCreatedInTheConsoleIsVotedOnByAMemberAndClosedWithItsResults()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, ConsoleClient.Settings, cancellationToken: Ct);
        await using var context = await browser.NewContextAsync(host);
        var page = await context.NewPageAsync();
        // The member confirms first: a poll admits members confirmed before it opens.
        var member = await JoinAsync(host, page, "ranked.member@example.org");
        await ConsoleWalks.SignInAsync(host, page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Polls" }).First.ClickAsync();
        await page.WaitForURLAsync(new Regex("/api/console/polls$"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await Pages.CheckAsync(page, "console-polls");
        await page.GetByRole(AriaRole.Link, new() { Name = "New poll" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/api/console/polls/new$"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await Pages.CheckAsync(page, "console-poll-form");

        await page.GetByLabel("Option 1", new() { Exact = true }).FillAsync(Options[0]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the poll" }).ClickAsync();
        await page.Locator(".alert[role=alert]").WaitForAsync(new() { Timeout = 120_000 });
        Assert.EndsWith("/api/console/polls", page.Url, StringComparison.Ordinal);
        Assert.True(await page.Locator("#question-error").IsVisibleAsync(), "the question's error is not shown beside it");
        Assert.True(await page.Locator("#options-error").IsVisibleAsync(), "the options' error is not shown beside them");
        Assert.Equal(Options[0], await page.GetByLabel("Option 1", new() { Exact = true }).InputValueAsync());
        await Pages.CheckAsync(page, "console-poll-form-errors");

        await page.GetByLabel("Question").FillAsync("Which theme for the spring workshop?");
        await page.Locator("#kind-ranked").CheckAsync();
        for (var i = 1; i < Options.Length; i++)
        {
            await page.GetByLabel($"Option {i + 1}", new() { Exact = true }).FillAsync(Options[i]);
        }

        await page.GetByLabel("Closes at (UTC)").FillAsync(ConsolePollsTests.Local(DateTime.UtcNow.AddDays(7)));
        await page.GetByLabel("Who sees the results").SelectOptionAsync("after-close");
        await page.GetByLabel("Minimum ballots before counts are shown").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the poll" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("[?&]created=1"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        var pollId = Regex.Match(page.Url, "/api/console/polls/([0-9a-f]{32})").Groups[1].Value;
        Assert.Equal(32, pollId.Length);
        await Pages.CheckAsync(page, "console-poll");

        using (var client = host.Client())
        {
            using var listed = JsonDocument.Parse(await client.GetStringAsync(new Uri("api/polls", UriKind.Relative), Ct));
            var poll = Assert.Single(listed.RootElement.GetProperty("polls").EnumerateArray());
            Assert.Equal((pollId, "ranked"), (poll.GetProperty("pollId").GetString(), poll.GetProperty("kind").GetString()));
        }

        var memberPage = await context.NewPageAsync();
        await memberPage.GotoAsync(host.App.Get<MemberMailer>().PollLink(member.MemberId, member.LinkGeneration, pollId) + "&lang=en");
        foreach (var option in Options)
        {
            Assert.True(await memberPage.GetByLabel($"Rank for {option}", new() { Exact = true }).IsVisibleAsync(), $"no rank control for {option}");
        }

        await memberPage.GetByLabel("Rank for Monitoring", new() { Exact = true }).SelectOptionAsync("1");
        await memberPage.GetByLabel("Rank for Biochar", new() { Exact = true }).SelectOptionAsync("2");
        await memberPage.GetByRole(AriaRole.Button, new() { Name = "Cast my ballot" }).ClickAsync();
        await memberPage.WaitForURLAsync(new Regex("[?&]voted=1"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });

        await page.GotoAsync(host.Url($"api/console/polls/{pollId}").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Close now" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("[?&]closed=1"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        Assert.True(await page.GetByRole(AriaRole.Status).IsVisibleAsync(), "no notice says the poll is closed");
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Close now" }).CountAsync());
        Assert.Equal(1, await page.Locator("svg[role=img]").CountAsync());
        var monitoring = page.Locator("table").First.Locator("tbody tr").Filter(new() { Has = page.Locator("th:text-is('Monitoring')") });
        Assert.Equal("1", await monitoring.Locator("td").First.InnerTextAsync());
        Assert.Contains("Result: Monitoring", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Pages.CheckAsync(page, "console-poll-closed");

        await memberPage.GotoAsync(host.Url($"api/polls/{pollId}/results?lang=en").ToString());
        Assert.Equal(1, await memberPage.Locator("svg[role=img]").CountAsync());
    }
}
