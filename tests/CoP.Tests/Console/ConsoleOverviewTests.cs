using System.Net;
using CoP.Shared.Console;
using CoP.Tests.Browser;
using static CoP.Tests.Console.ConsoleClient;

namespace CoP.Tests.Console;

/// <summary>The overview's figures, read from what the rest of the app wrote, and the audit log's paging.</summary>
public sealed class ConsoleOverviewTests(StorageFixture storage)
{
    [Fact]
    public async Task TheOverviewCountsMembersByStateAndOpenPolls()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        var confirmLink = await BrowserWalks.RegisterAsync(host, "confirmed.member@example.org");
        Assert.Equal(200, (await Members.MemberTestFlows.ConfirmAsync(host.App, TokenOf(confirmLink))).Status);
        await BrowserWalks.RegisterAsync(host, "pending.member@example.org");
        await BrowserWalks.OpenPollAsync(host);

        var figures = await host.App.Get<ConsoleOverview>().ReadAsync(Ct);
        using var client = await SignInAsync(host);
        using var page = await client.GetAsync("/api/console");
        var html = await page.Content.ReadAsStringAsync(Ct);

        Assert.Equal((1, 1, 0, 1, 0), (figures.ConfirmedMembers, figures.PendingMembers, figures.SuppressedMembers, figures.OpenPolls, figures.DocumentsAwaitingReview));
        Assert.Equal(3, figures.PoisonQueues.Count);
        Assert.NotNull(figures.NextNewsletterAt);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("1 confirmed", html, StringComparison.Ordinal);
        Assert.Contains("1 waiting for confirmation", html, StringComparison.Ordinal);
        Assert.Contains("1 open poll(s)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("confirmed.member@example.org", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAuditLogPagesNewestFirstAndIgnoresAForgedCursor()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        var audit = host.App.Get<OperatorAudit>();
        var who = new Operator("0123456789abcdef0123456789abcdef", "se…@example.org");
        for (var i = 0; i < 55; i++)
        {
            await audit.RecordAsync(who, "topic.save", $"topic-{i:D2}", cancellationToken: Ct);
        }

        var first = await audit.ListAsync(null, cancellationToken: Ct);
        var second = await audit.ListAsync(first.NextCursor, cancellationToken: Ct);
        var forged = await audit.ListAsync("' or 1 eq 1 or '", cancellationToken: Ct);

        Assert.Equal(50, first.Entries.Count);
        Assert.Equal("topic-54", first.Entries[0].Target);
        Assert.Equal(5, second.Entries.Count);
        Assert.Equal("topic-00", second.Entries[^1].Target);
        Assert.Null(second.NextCursor);
        Assert.Equal(first.Entries.Select(e => e.Target), forged.Entries.Select(e => e.Target));

        using var client = await SignInAsync(host);
        using var page = await client.GetAsync($"/api/console/audit?cursor={Uri.EscapeDataString(first.NextCursor!)}");
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("topic-04", html, StringComparison.Ordinal);
        Assert.DoesNotContain("topic-05<", html, StringComparison.Ordinal);
    }
}
