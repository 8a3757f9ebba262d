using CoP.Shared.DomainEvents;
using CoP.TestSupport;
using static CoP.Tests.DomainEvents.DomainEventTestFlows;
using static CoP.Tests.Newsletter.NewsletterTestFlows;

namespace CoP.Tests.DomainEvents;

/// <summary><c>newsletter.sent</c>: written once when an issue has gone to everyone, however often it is sent again.</summary>
public sealed class NewsletterSentEventTests(StorageFixture storage)
{
    [Fact]
    public async Task AnIssueSentByTheTimerAndSentAgainByAnAdminIsNewsOnceWithoutItsRecipients()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        var (app, _) = CreateApp(storage, sendGrid);
        await using var _app = app;
        await SubscribersAsync(app, 3, tag: "reader");
        await PublishedDocumentAsync(app, Slot.AddMinutes(5), "Biochar field trials");

        await RunTimerAsync(app);
        await Task.WhenAll(RunTimerAsync(app), SendNowAsync(app));

        var sent = await SingleAsync(app, DomainEventTypes.NewsletterSent);
        var issue = (await IssueAsync(app))!;
        AssertShows(sent, DomainEventTypes.NewsletterSent, IssueId, issue.Subject, $"{PublicBase(app)}/api/newsletter/issues/{IssueId}");
        Assert.Equal(IssueId, sent.Data.GetProperty("id").GetString());
        Assert.Single(await EventsAsync(app));
        await AssertNothingPersonalAsync(app, "reader-", "Member 0", "@example.org");
    }

    [Fact]
    public async Task AnIssueNotSentToEveryoneIsNotNews()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        sendGrid.Enqueue(FakeSendGridResponse.BadRequest, 10);
        var (app, _) = CreateApp(storage, sendGrid);
        await using var _app = app;
        await SubscribersAsync(app, 3);
        await PublishedDocumentAsync(app, Slot.AddMinutes(5), "Biochar field trials");

        await RunTimerAsync(app);

        Assert.Empty(await EventsAsync(app));
    }
}
