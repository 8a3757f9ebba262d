using CoP.Shared.Members;
using CoP.Shared.Polls;
using CoP.Tests.Members;
using Microsoft.Playwright;
using static CoP.Tests.Browser.BrowserWalks;

namespace CoP.Tests.Browser;

/// <summary>
/// The member pages that exist today walked in a real browser, as a member walks them from the links in their mail:
/// confirm a registration, vote on a ballot page, unsubscribe. Each page reached passes <see cref="Pages.CheckAsync"/>.
/// Elements are found by role, and what is asserted is what the walk changed in storage, not wording or layout.
/// </summary>
public sealed class MemberPageWalkTests(StorageFixture storage, BrowserFixture browser)
{
    [Fact]
    public async Task MemberIsConfirmedWhenTheyPressTheButtonOfTheMailedConfirmationPage()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, cancellationToken: Ct);
        await using var context = await browser.NewContextAsync(host);
        var page = await context.NewPageAsync();

        var member = await JoinAsync(host, page, "amina.diallo@example.org", checkAs: "confirm-en");

        Assert.NotNull(member.ConfirmedAt);
        await Pages.CheckAsync(page, "welcome-en");
    }

    [Fact]
    public async Task BallotIsRecordedWhenAMemberChoosesAnOptionOnTheirBallotPageAndSubmits()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, cancellationToken: Ct);
        await using var context = await browser.NewContextAsync(host);
        var page = await context.NewPageAsync();
        var member = await JoinAsync(host, page, "kwame.mensah@example.org");
        var pollId = await OpenPollAsync(host);
        var voteLink = host.App.Get<MemberMailer>().PollLink(member.MemberId, member.LinkGeneration, pollId);

        await page.GotoAsync(voteLink);
        await Pages.CheckAsync(page, "ballot-en");
        await page.GetByRole(AriaRole.Radio).Nth(1).CheckAsync();
        await page.GetByRole(AriaRole.Button).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("[?&]voted=1"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await Pages.CheckAsync(page, "ballot-recorded-en");

        var poll = (await host.App.Get<PollService>().GetAsync(pollId, Ct))!;
        var ballots = await host.App.Get<PollStore>().ReadBallotsAsync(pollId, poll.EffectiveClosesAt, Ct);
        Assert.Equal(["b"], Assert.Single(ballots));
    }

    [Fact]
    public async Task MemberIsUnsubscribedWhenTheyPressTheButtonOfTheUnsubscribePage()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, cancellationToken: Ct);
        await using var context = await browser.NewContextAsync(host);
        var page = await context.NewPageAsync();
        var member = await JoinAsync(host, page, "lucia.fernandez@example.org");
        Assert.True(member.ReceivesNewsletter);

        await page.GotoAsync(host.App.Get<MemberMailer>().UnsubscribeLink(member.MemberId, member.LinkGeneration));
        await Pages.CheckAsync(page, "unsubscribe-en");
        Assert.True((await MemberTestFlows.MemberByEmailAsync(host.App, member.Email))!.ReceivesNewsletter, "opening the page alone unsubscribed");
        await page.GetByRole(AriaRole.Button).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("[?&]done=1"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await Pages.CheckAsync(page, "unsubscribed-en");

        Assert.False((await MemberTestFlows.MemberByEmailAsync(host.App, member.Email))!.ReceivesNewsletter);
    }
}
