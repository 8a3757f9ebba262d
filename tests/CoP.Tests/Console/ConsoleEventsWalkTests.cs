using System.Text.RegularExpressions;
using CoP.Shared.Events;
using CoP.Tests.Browser;
using Microsoft.Playwright;
using static CoP.Tests.Browser.BrowserWalks;
using static CoP.Tests.Console.ConsoleEventFlows;

namespace CoP.Tests.Console;

/// <summary>
/// The console's events area walked in a real browser: an operator signs in from the mailed link, creates a draft event
/// through the form (after a refused first try), publishes it from the edit form (which makes it public), and
/// cancels it behind its confirmation box. Every console page reached passes <see cref="Pages.CheckAsync"/>.
/// </summary>
public sealed class ConsoleEventsWalkTests(StorageFixture storage, BrowserFixture browser)
{
    private static readonly PageWaitForURLOptions Posted = new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit };

    [Fact]
    public async Task AnEventCreatedInTheConsoleIsPublishedAndCancelled()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, ConsoleClient.Settings, cancellationToken: Ct);
        await using var context = await browser.NewContextAsync(host);
        var page = await context.NewPageAsync();
        await ConsoleWalks.SignInAsync(host, page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Events" }).First.ClickAsync();
        await page.WaitForURLAsync(new Regex("/api/console/events$"), Posted);
        await page.Locator("h1").WaitForAsync();
        await Pages.CheckAsync(page, "console-events");
        await page.GetByRole(AriaRole.Link, new() { Name = "New event" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/api/console/events/new$"), Posted);
        await page.Locator("#title-en").WaitForAsync();
        await Pages.CheckAsync(page, "console-event-form");

        await page.Locator("#title-en").FillAsync("Biochar field day");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the event" }).ClickAsync();
        await page.Locator(".alert[role=alert]").WaitForAsync(new() { Timeout = 120_000 });
        Assert.True(await page.Locator("#timeZone-error").IsVisibleAsync(), "the time zone's error is not shown beside it");
        Assert.Equal("Biochar field day", await page.Locator("#title-en").InputValueAsync());
        await Pages.CheckAsync(page, "console-event-form-errors");

        await page.Locator("#topics-0").CheckAsync();
        await page.Locator("#format-online").CheckAsync();
        await page.GetByLabel("Time zone").FillAsync(Zone);
        await page.GetByLabel("Starts at").FillAsync(Wall(WinterDay.AddHours(18)));
        await page.GetByLabel("Ends at").FillAsync(Wall(WinterDay.AddHours(20)));
        await page.GetByLabel("Online link").FillAsync("https://meet.example.org/biochar");
        await page.Locator("#capacity").FillAsync("30");
        await page.Locator("#agenda-0-startsAt").FillAsync(Wall(WinterDay.AddHours(18)));
        await page.Locator("#agenda-0-title").FillAsync("Welcome");
        await page.Locator("#agenda-0-speakers").FillAsync("Ada Lovelace");
        await page.Locator("#status-draft").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the event" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("[?&]done=created"), Posted);
        var eventId = Regex.Match(page.Url, "/api/console/events/([0-9a-f]{32})").Groups[1].Value;
        Assert.Equal(32, eventId.Length);
        await page.GetByRole(AriaRole.Status).WaitForAsync();
        Assert.Contains("18:00", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Pages.CheckAsync(page, "console-event");

        await page.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/edit$"), Posted);
        await page.Locator("#status-published").CheckAsync();
        await Pages.CheckAsync(page, "console-event-edit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the event" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("[?&]done=updated"), Posted);
        await page.GetByRole(AriaRole.Status).WaitForAsync();

        var published = (await host.App.Get<EventStore>().GetAsync(eventId, Ct))!.Event;
        Assert.Equal((EventStatus.Published, new DateTimeOffset(WinterDay.AddHours(17), TimeSpan.Zero)), (published.Status, published.StartsAt));
        // Members see it: the event pages are not built yet, so the stored event says so.
        Assert.True(published.IsPublic, "the published event is not public");
        Assert.Equal("Biochar field day", published.TextIn("en").Title);

        await page.Locator("#confirm").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel the event" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("[?&]done=cancelled"), Posted);
        await page.GetByRole(AriaRole.Status).WaitForAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Cancel the event" }).CountAsync());
        await Pages.CheckAsync(page, "console-event-cancelled");
        Assert.Equal(EventStatus.Cancelled, (await host.App.Get<EventStore>().GetAsync(eventId, Ct))!.Event.Status);
    }
}
