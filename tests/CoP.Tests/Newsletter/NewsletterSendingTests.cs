using CoP.Functions.Newsletter;
using CoP.Shared.Members;
using CoP.Shared.Newsletter.Composition;
using CoP.Shared.Newsletter.Issues;
using CoP.Shared.Newsletter;
using CoP.TestSupport;
using CoP.Tests.Members;
using static CoP.Tests.Newsletter.NewsletterTestFlows;

namespace CoP.Tests.Newsletter;

/// <summary>The scheduled and manual sends against Azurite and the fake SendGrid: who gets a copy, how batches look, what a rerun does.</summary>
public sealed class NewsletterSendingTests(StorageFixture storage)
{
    [Fact]
    public async Task OnlyConfirmedSubscribedUnsuppressedMembersGetOneCopyEachWhenTheTimerRuns()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        var (app, _) = CreateApp(storage, sendGrid);
        await using var _app = app;
        var subscribers = await SubscribersAsync(app, 5);
        var pending = await SubscribersAsync(app, 1, change: m => m.Status = nameof(MemberStatus.Pending), tag: "pending");
        var unsubscribed = await SubscribersAsync(app, 1, change: m => m.Newsletter = false, tag: "unsubscribed");
        var suppressed = await SubscribersAsync(app, 1, change: m => m.NewsletterSuppressed = "bounce", tag: "suppressed");
        await PublishedDocumentAsync(app, Slot.AddMinutes(5), "Biochar field trials");

        await RunTimerAsync(app);

        var copies = AcceptedCopies(sendGrid);
        Assert.Equal(subscribers.Order(), copies.Select(c => c.MemberId).Order());
        Assert.All(copies, c => Assert.Equal(1, c.Recipients));
        Assert.Single(sendGrid.Requests);
        var issue = (await IssueAsync(app))!;
        Assert.Equal(IssueState.Sent, issue.IssueState);
        Assert.Equal(5, issue.Recipients);
    }

    [Fact]
    public async Task BatchesHoldAtMostAThousandRecipientsWhenThereAreAThousandAndOne()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        var (app, _) = CreateApp(storage, sendGrid);
        await using var _app = app;
        var subscribers = await SubscribersAsync(app, 1001);
        await PublishedDocumentAsync(app, Slot.AddMinutes(5), "Cover crops");

        var response = await SendNowAsync(app);

        Assert.Equal(200, response.Status);
        Assert.Equal("sent", response.Json().GetProperty("state").GetString());
        Assert.Equal([1, 1000], sendGrid.Requests.Select(r => Personalizations(r).GetArrayLength()).Order());
        Assert.Equal(subscribers.Order(), AcceptedCopies(sendGrid).Select(c => c.MemberId).Order());
    }

    [Fact]
    public async Task EveryCopyCarriesOneClickUnsubscribeHeadersAndIdsButNoPersonalDataInTheMetadata()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        var (app, _) = CreateApp(storage, sendGrid);
        await using var _app = app;
        await SubscribersAsync(app, 3);
        await PublishedDocumentAsync(app, Slot.AddMinutes(5), "Soil carbon maps");

        await SendNowAsync(app);

        var request = Assert.Single(sendGrid.Requests);
        var json = request.Json!.Value;
        Assert.Equal(["newsletter"], json.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Matches("^\"Climate-Soil Community of Practice\" <newsletter\\.cop\\.example\\.org>$", json.GetProperty("headers").GetProperty("List-Id").GetString());
        Assert.DoesNotContain("@", json.GetProperty("custom_args").GetRawText(), StringComparison.Ordinal);
        var tokens = app.Get<MemberTokenService>();
        foreach (var copy in Copies(request))
        {
            Assert.Equal("List-Unsubscribe=One-Click", copy.Headers["List-Unsubscribe-Post"]);
            var unsubscribe = copy.Headers["List-Unsubscribe"];
            Assert.StartsWith("<https://cop.example.org/api/unsubscribe?token=", unsubscribe, StringComparison.Ordinal);
            var token = Uri.UnescapeDataString(unsubscribe.TrimEnd('>').Split("token=")[1]);
            var verification = tokens.Verify(token);
            Assert.Equal((TokenStatus.Valid, copy.MemberId, TokenPurpose.Unsubscribe), (verification.Status, verification.MemberId, verification.Token!.Purpose));
            var personal = PersonalCopy(request, copy);
            Assert.Contains($"href=\"{unsubscribe.Trim('<', '>')}\"", personal.HtmlBody, StringComparison.Ordinal);
            Assert.Contains($"{unsubscribe.Trim('<', '>')}\n", personal.TextBody, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task VoteAndProfileLinksVerifyForTheirOwnMemberWhenAPollIsOpen()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        var (app, _) = CreateApp(storage, sendGrid);
        await using var _app = app;
        await SubscribersAsync(app, 2);
        var poll = await Polls.PollTestFlows.PollAsync(app, Polls.PollTestFlows.Definition());

        await SendNowAsync(app);

        var tokens = app.Get<MemberTokenService>();
        var request = Assert.Single(sendGrid.Requests);
        var copies = Copies(request).ToList();
        Assert.Equal(2, copies.Count);
        var votes = new List<string>();
        foreach (var copy in copies)
        {
            var links = TokenLinks(PersonalCopy(request, copy).TextBody);
            var vote = Assert.Single(links, link => link.StartsWith($"https://cop.example.org/api/polls/{poll}?token=", StringComparison.Ordinal));
            var voteToken = tokens.Verify(Token(vote));
            Assert.Equal((TokenStatus.Valid, copy.MemberId, TokenPurpose.Vote, poll), (voteToken.Status, voteToken.MemberId, voteToken.Token!.Purpose, voteToken.Token.PollId));
            var profile = Assert.Single(links, link => link.StartsWith("https://cop.example.org/api/members/me?token=", StringComparison.Ordinal));
            var profileToken = tokens.Verify(Token(profile));
            Assert.Equal((TokenStatus.Valid, copy.MemberId, TokenPurpose.Profile), (profileToken.Status, profileToken.MemberId, profileToken.Token!.Purpose));
            votes.Add(vote);
        }

        Assert.NotEqual(votes[0], votes[1]);
    }

    [Fact]
    public async Task ARunAfterTheIssueWentOutSendsNothing()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        var (app, time) = CreateApp(storage, sendGrid);
        await using var _app = app;
        await SubscribersAsync(app, 3);
        await PublishedDocumentAsync(app, Slot.AddMinutes(5), "Agroforestry");
        await RunTimerAsync(app);

        time.Advance(TimeSpan.FromMinutes(5));
        await RunTimerAsync(app);
        var manual = await SendNowAsync(app);

        Assert.Single(sendGrid.Requests);
        Assert.Equal("sent", manual.Json().GetProperty("state").GetString());
    }

    [Fact]
    public async Task NoIssueGoesOutWhenNothingIsNewAndSkippingIsConfigured()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        var (app, _) = CreateApp(storage, sendGrid);
        await using var _app = app;
        await SubscribersAsync(app, 2);
        await PublishedDocumentAsync(app, Slot.AddDays(-8), "Published before the period");

        await RunTimerAsync(app);

        Assert.Empty(sendGrid.Requests);
        Assert.Equal(IssueState.Skipped, (await IssueAsync(app))!.IssueState);
        var archive = await GetAsync(app, "/api/newsletter/issues");
        Assert.Equal(0, archive.Json().GetProperty("issues").GetArrayLength());
    }

    [Fact]
    public async Task AnIssueWithoutNewsGoesOutWhenSkippingIsOff()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        var (app, _) = CreateApp(storage, sendGrid, new Dictionary<string, string?> { ["Newsletter:SkipWhenNothingNew"] = "false" });
        await using var _app = app;
        await SubscribersAsync(app, 2);

        await RunTimerAsync(app);

        Assert.Equal(2, AcceptedCopies(sendGrid).Count);
    }

    [Fact]
    public async Task AnEditorialNoteAloneMakesAnIssueAndIsUsedOnce()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        var (app, time) = CreateApp(storage, sendGrid);
        await using var _app = app;
        await SubscribersAsync(app, 2);
        Assert.Equal(200, (await SetNoteAsync(app, "Our annual meeting is in Dakar.\nRegister by Friday.")).Status);

        await RunTimerAsync(app);

        Assert.Equal(2, AcceptedCopies(sendGrid).Count);
        var content = await app.Get<NewsletterIssueStore>().LoadContentAsync(IssueId, Ct);
        Assert.Equal("Our annual meeting is in Dakar.\nRegister by Friday.", content!.EditorialNote);
        Assert.Null(await app.Get<NewsletterService>().GetNoteAsync(Ct));

        // The next week has nothing new: the note is not sent twice.
        time.Advance(TimeSpan.FromDays(7));
        await RunTimerAsync(app);
        Assert.Single(sendGrid.Requests);
        Assert.Equal(IssueState.Skipped, (await IssueAsync(app, "2026-11-09-0800"))!.IssueState);
    }

    [Fact]
    public async Task TheNextIssueCoversOnlyWhatCameAfterThePreviousOne()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        var (app, time) = CreateApp(storage, sendGrid);
        await using var _app = app;
        await SubscribersAsync(app, 1);
        await PublishedDocumentAsync(app, Slot.AddMinutes(5), "First week");
        await RunTimerAsync(app);

        time.Advance(TimeSpan.FromDays(7));
        await PublishedDocumentAsync(app, time.GetUtcNow().AddMinutes(-30), "Second week");
        await RunTimerAsync(app);

        var second = (await app.Get<NewsletterIssueStore>().LoadContentAsync("2026-11-09-0800", Ct))!;
        Assert.Equal(["Second week"], second.Documents.Select(d => d.Title));
        Assert.Equal(Slot.AddMinutes(10), second.PeriodStart);
        Assert.Equal(2, sendGrid.Requests.Count);
    }

    [Fact]
    public async Task ALateRunHoldsTheIssueAlertsTheAdminAndAManualSendReleasesIt()
    {
        var (app, _) = CreateApp(storage, settings: new Dictionary<string, string?> { ["Newsletter:AdminEmail"] = "admin@cop.example.org" }, now: Slot.AddHours(3));
        await using var _app = app;
        await SubscribersAsync(app, 2);
        await PublishedDocumentAsync(app, Slot.AddMinutes(5), "Held news");

        await RunTimerAsync(app);

        Assert.Equal(IssueState.Held, (await IssueAsync(app))!.IssueState);
        var alert = Assert.Single(app.Outbox());
        Assert.Equal("admin@cop.example.org", alert.To.Address);
        Assert.Equal(NewsletterAlerts.Category, alert.Category);
        Assert.Contains("held", alert.Subject, StringComparison.Ordinal);
        Assert.Contains(app.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("held", StringComparison.Ordinal));

        await RunTimerAsync(app);
        Assert.Single(app.Outbox());

        var released = await SendNowAsync(app);
        Assert.Equal("sent", released.Json().GetProperty("state").GetString());
        var copies = app.Outbox().Where(m => m.Category == NewsletterMessages.Category).ToList();
        Assert.Equal(2, copies.Count);
        Assert.All(copies, m => Assert.DoesNotContain(NewsletterSlots.MarkerPrefix, m.HtmlBody + m.TextBody, StringComparison.Ordinal));
        Assert.All(copies, m => Assert.Equal("List-Unsubscribe=One-Click", m.Headers["List-Unsubscribe-Post"]));
    }

    [Fact]
    public async Task TheArchiveListsSentIssuesAndShowsThemWithoutPersonalLinks()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        var (app, _) = CreateApp(storage, sendGrid);
        await using var _app = app;
        await SubscribersAsync(app, 2);
        await PublishedDocumentAsync(app, Slot.AddMinutes(5), "Archive me");
        await Polls.PollTestFlows.PollAsync(app, Polls.PollTestFlows.Definition());
        await SendNowAsync(app);

        var list = await GetAsync(app, "/api/newsletter/issues");
        var page = await GetAsync(app, $"/api/newsletter/issues/{IssueId}", "text/html");
        var json = await GetAsync(app, $"/api/newsletter/issues/{IssueId}");
        var missing = await GetAsync(app, "/api/newsletter/issues/2026-11-09-0800", "text/html");
        var malformed = await GetAsync(app, "/api/newsletter/issues/..%2Fsecrets");

        var listed = Assert.Single(list.Json().GetProperty("issues").EnumerateArray());
        Assert.Equal(IssueId, listed.GetProperty("issueId").GetString());
        Assert.Equal(200, page.Status);
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        Assert.DoesNotContain("token=", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(NewsletterSlots.MarkerPrefix, page.Body, StringComparison.Ordinal);
        // The issue itself has no unsubscribe link; the page frame's footer links the public, tokenless unsubscribe page.
        var issueContent = page.Body.Split("<main id=\"main\">")[1].Split("</main>")[0];
        Assert.DoesNotContain("unsubscribe", issueContent, StringComparison.OrdinalIgnoreCase);
        Assert.All(
            System.Text.RegularExpressions.Regex.Matches(page.Body, "href=\"[^\"]*unsubscribe[^\"]*\"", System.Text.RegularExpressions.RegexOptions.IgnoreCase),
            link => Assert.Equal("href=\"/api/unsubscribe\"", link.Value));
        Assert.Equal("Archive me", json.Json().GetProperty("documents")[0].GetProperty("title").GetString());
        Assert.Equal(404, missing.Status);
        Assert.Equal(404, malformed.Status);
    }

    [Fact]
    public async Task PreviewShowsAMembersIssueWithTheirWorkingLinksAndRefusesUnknownMembers()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var member = (await SubscribersAsync(app, 1, language: "fr"))[0];
        await PublishedDocumentAsync(app, Slot.AddMinutes(5), "Preview me");

        var preview = await GetAsync(app, $"/api/manage/newsletter/preview?memberId={member}", "text/html");
        var sample = await GetAsync(app, "/api/manage/newsletter/preview?language=es&format=text", "text/plain");
        var json = await GetAsync(app, $"/api/manage/newsletter/preview?memberId={member}");
        var unknown = await GetAsync(app, $"/api/manage/newsletter/preview?memberId={MemberStore.NewMemberId()}");
        var invalid = await GetAsync(app, "/api/manage/newsletter/preview?memberId=x&format=pdf");

        Assert.Equal(200, preview.Status);
        Assert.StartsWith("text/html", preview.ContentType, StringComparison.Ordinal);
        Assert.DoesNotContain(NewsletterSlots.MarkerPrefix, preview.Body, StringComparison.Ordinal);
        var token = preview.Body.Split("unsubscribe?token=")[1].Split('"', '<', ' ', '&')[0];
        Assert.Equal((member, TokenPurpose.Unsubscribe), (app.Get<MemberTokenService>().Verify(Uri.UnescapeDataString(token)).MemberId, app.Get<MemberTokenService>().Verify(Uri.UnescapeDataString(token)).Token!.Purpose));
        Assert.StartsWith("text/plain", sample.ContentType, StringComparison.Ordinal);
        Assert.Contains("Preview me", json.Json().GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.Equal(member, json.Json().GetProperty("memberId").GetString());
        Assert.Equal(404, unknown.Status);
        Assert.Equal(400, invalid.Status);
        Assert.Empty(app.Outbox());
        Assert.Null(await IssueAsync(app));
    }

    [Fact]
    public async Task PreviewOfAMembersIssueWithTheirWorkingLinksIsNeverStoredByACache()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var member = (await SubscribersAsync(app, 1))[0];
        await PublishedDocumentAsync(app, Slot.AddMinutes(5), "Preview me");

        var html = await GetAsync(app, $"/api/manage/newsletter/preview?memberId={member}", "text/html");
        var json = await GetAsync(app, $"/api/manage/newsletter/preview?memberId={member}");

        Assert.Contains("unsubscribe?token=", html.Body, StringComparison.Ordinal);
        Assert.Equal("no-store", html.Headers.CacheControl.ToString());
        Assert.Equal("no-store", json.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task NoteRequestsAreCheckedAndChangeNothingWhenInvalid()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;

        var tooLong = await SetNoteAsync(app, new string('x', NewsletterService.MaxNoteLength + 1));
        var control = await SetNoteAsync(app, "bell\u0007");
        var broken = app.Raw("PUT", "/api/manage/newsletter/note", "{\"text\": 5}", "application/json");
        var brokenResponse = await TestResponse.ExecuteAsync(await app.Function<SetNewsletterNoteFunction>().SetNewsletterNote(broken, Ct), broken);

        Assert.Equal(400, tooLong.Status);
        Assert.Equal(400, control.Status);
        Assert.Equal(400, brokenResponse.Status);
        Assert.Null(await app.Get<NewsletterService>().GetNoteAsync(Ct));
    }

    [Fact]
    public async Task ATimerFiringJustBeforeItsSlotSendsTheComingIssue()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        var (app, _) = CreateApp(storage, sendGrid, now: Slot.AddMilliseconds(-200));
        await using var _app = app;
        await SubscribersAsync(app, 1);
        await PublishedDocumentAsync(app, Slot.AddHours(-1), "Just in time");

        await RunTimerAsync(app);

        Assert.Equal(IssueState.Sent, (await IssueAsync(app))!.IssueState);
        Assert.Single(sendGrid.Requests);
    }

    [Fact]
    public async Task ALateRunLeavesAPartlySentIssueToTheAdminWhoCanFinishItByItsId()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        sendGrid.RespondBy(n => n == 1 ? null : FakeSendGridResponse.ServerError);
        var (app, time) = CreateApp(storage, sendGrid, new Dictionary<string, string?>
        {
            ["Newsletter:BatchSize"] = "1",
            ["Newsletter:MaxParallelRequests"] = "1",
            ["Newsletter:MaxRetries"] = "0",
        });
        await using var _app = app;
        var subscribers = await SubscribersAsync(app, 2);
        await PublishedDocumentAsync(app, Slot.AddMinutes(5), "Half sent");
        Assert.Equal("sending", (await SendNowAsync(app)).Json().GetProperty("state").GetString());
        sendGrid.RespondBy(_ => null);

        time.Advance(TimeSpan.FromHours(3));
        await RunTimerAsync(app);

        Assert.Equal(IssueState.NeedsAttention, (await IssueAsync(app))!.IssueState);
        Assert.Equal(2, sendGrid.Requests.Count(IsNewsletter));

        time.Advance(TimeSpan.FromDays(7));
        var unknownId = await SendNowAsync(app, issueId: "2020-01-06-0800");
        var malformed = await SendNowAsync(app, issueId: "last week");
        var finished = await SendNowAsync(app, issueId: IssueId);

        Assert.Equal(404, unknownId.Status);
        Assert.Equal(400, malformed.Status);
        Assert.Equal("sent", finished.Json().GetProperty("state").GetString());
        Assert.Equal(subscribers.Order(), AcceptedCopies(sendGrid).Select(c => c.MemberId).Order());
    }

    [Fact]
    public async Task ADocumentPublishedMomentsBeforeTheIssueGoesIntoTheNextOneWithThePublishDelay()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        var (app, time) = CreateApp(storage, sendGrid, new Dictionary<string, string?> { ["Newsletter:PublishDelay"] = "00:10:00" });
        await using var _app = app;
        await SubscribersAsync(app, 1);
        await PublishedDocumentAsync(app, Slot.AddHours(-1), "Well before");
        await PublishedDocumentAsync(app, Slot.AddMinutes(5), "Moments before");
        await RunTimerAsync(app);

        time.Advance(TimeSpan.FromDays(7));
        await RunTimerAsync(app);

        var first = (await app.Get<NewsletterIssueStore>().LoadContentAsync(IssueId, Ct))!;
        var second = (await app.Get<NewsletterIssueStore>().LoadContentAsync("2026-11-09-0800", Ct))!;
        Assert.Equal(["Well before"], first.Documents.Select(d => d.Title));
        Assert.Equal(["Moments before"], second.Documents.Select(d => d.Title));
        Assert.Equal(first.PeriodEnd, second.PeriodStart);
    }

    [Fact]
    public async Task TheAdminHearsOfAnEarlierIssueThatWasNeverFinishedWhenTheNextOneStarts()
    {
        var (app, time) = CreateApp(storage, settings: new Dictionary<string, string?> { ["Newsletter:AdminEmail"] = "admin@cop.example.org" });
        await using var _app = app;
        await SubscribersAsync(app, 1);
        var stuck = new NewsletterIssueEntity { RowKey = IssueId, SlotAt = Slot, PeriodStart = Slot, PeriodEnd = Slot, State = nameof(IssueState.Sending), CreatedAt = Slot };
        Assert.True(await app.Get<NewsletterIssueStore>().TryAddIssueAsync(stuck, Ct));

        time.Advance(TimeSpan.FromDays(7));
        await SetNoteAsync(app, "Next week");
        await RunTimerAsync(app);

        var alert = Assert.Single(app.Outbox(), m => m.Category == NewsletterAlerts.Category);
        Assert.Contains(IssueId, alert.TextBody, StringComparison.Ordinal);
    }
}
