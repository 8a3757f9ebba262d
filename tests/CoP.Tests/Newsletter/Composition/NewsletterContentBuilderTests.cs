using CoP.TestSupport;
using static CoP.Tests.Newsletter.NewsletterTestFlows;
using PollFlows = CoP.Tests.Polls.PollTestFlows;

namespace CoP.Tests.Newsletter.Composition;

/// <summary>
/// What goes into an issue: the documents, polls and results of its period gathered from real storage in Azurite, as the
/// fake SendGrid receives them. How an issue is rendered is <see cref="NewsletterComposerTests"/>'s subject.
/// </summary>
public sealed class NewsletterContentBuilderTests(StorageFixture storage)
{
    [Fact]
    public async Task AnIssueReportsTheDocumentsPollsAndResultsOfItsPeriodInEachMembersVariant()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        var (app, time) = CreateApp(storage, sendGrid, now: Slot.AddDays(-1));
        await using var _app = app;
        var english = (await SubscribersAsync(app, 1, topics: "monitoring-slm", tag: "en"))[0];
        var french = (await SubscribersAsync(app, 1, language: "fr", tag: "fr"))[0];

        var counted = await PollFlows.PollAsync(app, PollFlows.Definition(change: d => d["question"] = "Which cover crop first?"));
        var hidden = await PollFlows.PollAsync(app, PollFlows.Definition(visibility: "admins", change: d => d["question"] = "Who should chair the board?"));
        var few = await PollFlows.PollAsync(app, PollFlows.Definition(minBallots: 5, change: d => d["question"] = "Which field day date?"));
        var open = await PollFlows.PollAsync(app, PollFlows.Definition(change: d => d["question"] = "Which topic for the next webinar?"));
        foreach (var choice in new[] { "a", "a", "b" })
        {
            var (_, token) = await PollFlows.MemberAsync(app);
            foreach (var poll in new[] { counted, few, hidden })
            {
                var vote = await PollFlows.VoteAsync(app, poll, token, choice);
                Assert.True(vote.Status is >= 200 and < 300, vote.Body);
            }
        }

        time.Advance(TimeSpan.FromHours(1));
        foreach (var poll in new[] { counted, hidden, few })
        {
            Assert.Equal(200, (await PollFlows.CloseAsync(app, poll)).Status);
        }

        await PublishedDocumentAsync(app, time.GetUtcNow(), "Biochar trials in Kaolack", "biochar");
        await PublishedDocumentAsync(app, time.GetUtcNow(), "Monitoring <script>alert(1)</script> soils", "monitoring-slm", "Five years & counting");
        await PublishedDocumentAsync(app, Slot.AddDays(-10), "Before the period", "biochar");
        time.Advance(Slot.AddMinutes(10) - time.GetUtcNow());

        await RunTimerAsync(app);

        Assert.Equal(2, sendGrid.Requests.Count);
        var en = sendGrid.Requests.Single(r => Copies(r).Single().MemberId == english);
        var fr = sendGrid.Requests.Single(r => Copies(r).Single().MemberId == french);
        var html = Content(en, "text/html");
        var text = Content(en, "text/plain");

        Assert.Contains("<html lang=\"en\"", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"fr\"", Content(fr, "text/html"), StringComparison.Ordinal);
        Assert.DoesNotContain("Before the period", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Monitoring <script>alert(1)</script> soils", text, StringComparison.Ordinal);

        // The member follows monitoring, so that section comes first for them, and not for the French member.
        Assert.True(html.IndexOf("Monitoring &lt;script&gt;", StringComparison.Ordinal) < html.IndexOf("Biochar trials", StringComparison.Ordinal));
        var frHtml = Content(fr, "text/html");
        Assert.True(frHtml.IndexOf("Biochar trials", StringComparison.Ordinal) < frHtml.IndexOf("Monitoring &lt;script&gt;", StringComparison.Ordinal));

        // The open poll's button holds a slot marker, which SendGrid fills with the member's own vote link.
        Assert.Contains("Which topic for the next webinar?", html, StringComparison.Ordinal);
        var voteSlot = Assert.Single(Copies(en).Single().Substitutions, s => s.Value.Contains($"/api/polls/{open}?token=", StringComparison.Ordinal));
        Assert.Contains($"href=\"{voteSlot.Key}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{voteSlot.Value}\"", PersonalCopy(en, Copies(en).Single()).HtmlBody, StringComparison.Ordinal);

        // Results: counted with percentages; too few ballots withheld; admins-only without counts.
        var content = (await app.Get<Shared.Newsletter.Issues.NewsletterIssueStore>().LoadContentAsync(IssueId, Ct))!;
        var countedResult = content.ClosedPolls.Single(p => p.PollId == counted);
        Assert.Equal([2, 1, 0], countedResult.Options.Select(o => o.Count));
        Assert.Equal([67, 33, 0], countedResult.Options.Select(o => o.Percent));
        Assert.Equal("Option A", countedResult.Winner);
        Assert.True(content.ClosedPolls.Single(p => p.PollId == few).Withheld);
        Assert.Empty(content.ClosedPolls.Single(p => p.PollId == few).Options);
        Assert.True(content.ClosedPolls.Single(p => p.PollId == hidden).AdminsOnly);
        Assert.Empty(content.ClosedPolls.Single(p => p.PollId == hidden).Options);
        Assert.Contains("67", html, StringComparison.Ordinal);
        Assert.Contains("Which field day date?", html, StringComparison.Ordinal);
        Assert.Equal([open], content.OpenPolls.Select(p => p.PollId));
    }
}
