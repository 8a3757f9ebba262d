using System.Text.RegularExpressions;
using CoP.Shared.DomainEvents;
using CoP.Shared.Webhooks;
using CoP.Tests.Browser;
using Microsoft.Playwright;

namespace CoP.Tests.Console;

/// <summary>
/// The webhooks area walked in Chromium by a signed-in operator: a webhook added through the form (after a refused first
/// try), its secret read once from the answer page and never again, a delivery seen on the webhook's page and
/// redelivered. Each page reached passes <see cref="Pages.CheckAsync"/>.
/// </summary>
public sealed class ConsoleWebhooksWalkTests(StorageFixture storage, BrowserFixture browser)
{
    private const string Address = "https://receiver.example.org/hooks/community";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnOperatorAddsAWebhookReadsItsSecretOnceAndRedeliversADelivery()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, ConsoleClient.Settings, cancellationToken: Ct);
        await using var context = await browser.NewContextAsync(host);
        var page = await context.NewPageAsync();
        await ConsoleWalks.SignInAsync(host, page);

        var link = page.GetByRole(AriaRole.Link, new() { Name = "Webhooks", Exact = true }).First;
        await Assertions.Expect(link).ToBeVisibleAsync();
        await page.GotoAsync(await link.GetAttributeAsync("href") ?? throw new InvalidOperationException("The link has no address."));
        await Pages.CheckAsync(page, "console-webhooks-en");

        await page.GetByLabel("Address").FillAsync(Address);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the webhook" }).ClickAsync();
        await page.Locator(".alert[role=alert]").WaitForAsync(new() { Timeout = 120_000 });
        Assert.True(await page.Locator("#eventTypes-error").IsVisibleAsync(), "the event types' error is not shown beside them");
        Assert.Equal(Address, await page.GetByLabel("Address").InputValueAsync());
        await Pages.CheckAsync(page, "console-webhooks-refused-en");

        await page.GetByLabel(DomainEventTypes.PollClosed).CheckAsync();
        await page.GetByLabel(DomainEventTypes.DocumentPublished).CheckAsync();
        await page.GetByLabel("Description").FillAsync("Partner site news feed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the webhook" }).ClickAsync();
        await page.Locator("#secret").WaitForAsync(new() { Timeout = 120_000 });
        var secret = await page.Locator("#secret").InputValueAsync();
        var webhook = Assert.Single(await host.App.Get<WebhookService>().ListAsync(Ct));
        Assert.Equal(secret, (await host.App.Get<WebhookStore>().GetAsync(webhook.WebhookId, Ct))!.Keys.Current);
        Assert.Equal([DomainEventTypes.DocumentPublished, DomainEventTypes.PollClosed], webhook.EventTypes);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("shown on this page only");
        await Pages.CheckAsync(page, "console-webhook-secret-en");

        var eventId = DomainEvent.IdOf(DomainEventTypes.PollClosed, "walk-poll");
        await host.App.Get<WebhookStore>().AddDeliveryIfAbsentAsync(WebhookDelivery.New(webhook.WebhookId, eventId, DomainEventTypes.PollClosed, DateTimeOffset.UtcNow), Ct);
        await page.GetByRole(AriaRole.Link, new() { Name = "The webhook’s page" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/api/console/webhooks/{webhook.WebhookId}$"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = $"{DomainEventTypes.PollClosed} {eventId}", Exact = true })).ToBeVisibleAsync();
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await Pages.CheckAsync(page, "console-webhook-en");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Redeliver {DomainEventTypes.PollClosed} {eventId}" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("[?&]done=redelivered"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("queued again");
        await Pages.CheckAsync(page, "console-webhook-redelivered-en");
        Assert.True((await host.App.Get<WebhookStore>().GetDeliveryAsync(webhook.WebhookId, eventId, Ct))!.Delivery.Redelivered);

        await page.GotoAsync($"api/console/webhooks/{webhook.WebhookId}?lang=fr");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Changer le secret" })).ToBeVisibleAsync();
        await Pages.CheckAsync(page, "console-webhook-fr");
        await page.GotoAsync("api/console/webhooks?lang=es");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = Address })).ToBeVisibleAsync();
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await Pages.CheckAsync(page, "console-webhooks-es");
    }
}
