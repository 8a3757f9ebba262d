using CoP.Shared.Members;
using CoP.Shared.Polls;
using Microsoft.Playwright;
using static CoP.Tests.Browser.BrowserWalks;

namespace CoP.Tests.Browser;

/// <summary>
/// Voting walked in a real browser from a member's personal vote link: the link becomes a session, the ranks are chosen
/// with the keyboard, the recorded ballot is shown in order and a reload sends nothing again; once the poll is closed
/// the results page draws its chart and writes every count. Each page reached passes <see cref="Pages.CheckAsync"/>;
/// what is asserted is what the walk stored and what the member can read.
/// </summary>
public sealed class VoteWalkTests(StorageFixture storage, BrowserFixture browser)
{
    private static readonly string[] RankedOptions = ["Biochar", "Monitoring", "Finance", "Soil carbon"];

    [Fact]
    public async Task RankedBallotChosenWithTheKeyboardIsRecordedOnceAndCountedInTheResults()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, cancellationToken: Ct);
        await using var context = await browser.NewContextAsync(host);
        var page = await context.NewPageAsync();
        var member = await JoinAsync(host, page, "ranked.voter@example.org");
        var pollId = await OpenPollAsync(
            host,
            "ranked",
            new { id = "a", label = RankedOptions[0] },
            new { id = "b", label = RankedOptions[1] },
            new { id = "c", label = RankedOptions[2] },
            new { id = "d", label = RankedOptions[3] });
        var posts = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Method == "POST")
            {
                posts.Add(request.Url);
            }
        };

        await page.GotoAsync(host.App.Get<MemberMailer>().PollLink(member.MemberId, member.LinkGeneration, pollId) + "&lang=en");
        Assert.DoesNotContain("token=", page.Url, StringComparison.Ordinal);
        Assert.Contains(await context.CookiesAsync(), c => c.Name == "cop-vote");
        await Pages.CheckAsync(page, "ballot-ranked-en");
        foreach (var option in RankedOptions)
        {
            Assert.True(await page.GetByLabel($"Rank for {option}", new() { Exact = true }).IsVisibleAsync(), $"no visible rank control labelled for {option}");
        }

        await RankWithKeyboardAsync(page, "Monitoring", downPresses: 1);
        await RankWithKeyboardAsync(page, "Finance", downPresses: 2);
        await page.GetByLabel("Rank for Soil carbon", new() { Exact = true }).SelectOptionAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cast my ballot" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("[?&]voted=1"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });

        Assert.EndsWith($"/api/polls/{pollId}?voted=1", page.Url, StringComparison.Ordinal);
        string[] recorded = ["Monitoring", "Finance", "Soil carbon"];
        Assert.Equal(recorded, await page.Locator(".notice ol li").AllInnerTextsAsync());
        await Pages.CheckAsync(page, "ballot-recorded-en");
        Assert.Single(posts);

        await page.ReloadAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.Single(posts);
        Assert.Equal(recorded, await page.Locator(".notice ol li").AllInnerTextsAsync());
        Assert.Equal(["b", "c", "d"], Assert.Single(await BallotsAsync(host, pollId)));

        using (var operatorClient = host.Client(@operator: true))
        {
            using var closed = await operatorClient.PostAsync($"api/manage/polls/{pollId}/close", null, Ct);
            Assert.True(closed.IsSuccessStatusCode, $"closing the poll answered {(int)closed.StatusCode}");
        }

        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "See the results" }).First.ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.EndsWith($"/api/polls/{pollId}/results", page.Url, StringComparison.Ordinal);
        await Pages.CheckAsync(page, "results-en");
        Assert.Equal(1, await page.Locator("svg[role=img]").CountAsync());
        foreach (var option in RankedOptions)
        {
            var firstPreferences = option == "Monitoring" ? "1" : "0";
            var row = page.Locator("table").First.Locator("tbody tr").Filter(new() { Has = page.Locator($"th:text-is('{option}')") });
            Assert.Equal(firstPreferences, await row.Locator("td").First.InnerTextAsync());
            Assert.True(await row.IsVisibleAsync(), $"the count of {option} is not visible");
        }
    }

    [Fact]
    public async Task SingleChoiceBallotCastOnTheFrenchPageIsRecorded()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, cancellationToken: Ct);
        await using var context = await browser.NewContextAsync(host);
        var page = await context.NewPageAsync();
        var member = await JoinAsync(host, page, "single.voter@example.org");
        var pollId = await OpenPollAsync(host);

        await page.GotoAsync(host.App.Get<MemberMailer>().PollLink(member.MemberId, member.LinkGeneration, pollId) + "&lang=fr");
        Assert.DoesNotContain("token=", page.Url, StringComparison.Ordinal);
        Assert.Equal("fr", await page.Locator("html").GetAttributeAsync("lang"));
        await Pages.CheckAsync(page, "ballot-fr");
        await page.GetByLabel("Finance", new() { Exact = true }).CheckAsync();
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("[?&]voted=1"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });

        Assert.EndsWith($"/api/polls/{pollId}?voted=1", page.Url, StringComparison.Ordinal);
        Assert.Equal(["Finance"], await page.Locator(".notice ul li").AllInnerTextsAsync());
        await Pages.CheckAsync(page, "ballot-recorded-fr");
        Assert.Equal(["c"], Assert.Single(await BallotsAsync(host, pollId)));
    }

    // Focuses the option's rank control and moves down its list with the arrow key, as a keyboard user does.
    private static async Task RankWithKeyboardAsync(IPage page, string option, int downPresses)
    {
        var select = page.GetByLabel($"Rank for {option}", new() { Exact = true });
        await select.FocusAsync();
        for (var i = 0; i < downPresses; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        Assert.Equal(downPresses.ToString(System.Globalization.CultureInfo.InvariantCulture), await select.InputValueAsync());
    }

    private static async Task<IReadOnlyList<IReadOnlyList<string>>> BallotsAsync(FunctionsTestHost host, string pollId)
    {
        var poll = (await host.App.Get<PollService>().GetAsync(pollId, Ct))!;
        return await host.App.Get<PollStore>().ReadBallotsAsync(pollId, poll.EffectiveClosesAt, Ct);
    }
}
