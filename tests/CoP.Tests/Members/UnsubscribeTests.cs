using CoP.Functions.Members;
using CoP.Shared.Members;
using CoP.TestSupport;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Members;

public sealed class UnsubscribeTests(StorageFixture storage)
{
    [Fact]
    public async Task UnsubscribePageChangesNothing()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app, newsletter: true);
        var token = app.Get<MemberTokenService>().Issue(member.MemberId, 0, TokenPurpose.Unsubscribe);
        var request = app.Get($"/api/unsubscribe?token={Uri.EscapeDataString(token)}");

        // The link becomes a session on the page (a cookie), then the page shows the button that posts with it.
        var exchanged = await TestResponse.ExecuteAsync(await app.Function<ShowUnsubscribeFunction>().ShowUnsubscribe(request, Ct), request);
        Assert.Equal(303, exchanged.Status);
        var page = app.Get("/api/unsubscribe").WithHeader("Cookie", $"cop-unsubscribe={token}");
        var response = await TestResponse.ExecuteAsync(await app.Function<ShowUnsubscribeFunction>().ShowUnsubscribe(page, Ct), page);

        Assert.Equal(200, response.Status);
        Assert.Contains("<form method=\"post\" action=\"/api/unsubscribe\">", response.Body, StringComparison.Ordinal);
        Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(CoP.Functions.Http.MemberSessions.FormToken(token)), response.Body, StringComparison.Ordinal);
        var stored = (await MemberByEmailAsync(app, member.Email))!;
        Assert.True(stored.Newsletter);
        Assert.Equal(member.ETag, stored.ETag);
    }

    [Fact]
    public async Task OneClickPostsSentManyAtOnceRecordOneOptOutEachTime()
    {
        await using var app = TestApp.Create(storage);
        var (member, account) = await ConfirmedMemberAsync(app, newsletter: true);
        var token = app.Get<MemberTokenService>().Issue(member.MemberId, 0, TokenPurpose.Unsubscribe);

        // Mail clients and scanners can send the RFC 8058 post several times at once; three rounds make the race likely.
        for (var round = 0; round < 3; round++)
        {
            if (round > 0)
            {
                Assert.Equal(200, (await PatchProfileAsync(app, account, "{\"newsletter\":true}")).Status);
            }

            var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
            {
                var request = TestRequests.Form(app.Services, "POST", $"/api/unsubscribe?token={Uri.EscapeDataString(token)}", [new("List-Unsubscribe", "One-Click")]);
                return await TestResponse.ExecuteAsync(await app.Function<UnsubscribeFunction>().Unsubscribe(request, Ct), request);
            }));
            Assert.All(answers, a => Assert.Equal(200, a.Status));
        }

        Assert.False((await MemberByEmailAsync(app, member.Email))!.Newsletter);
        var ledger = await app.Get<ConsentLedger>().HistoryAsync(member.MemberId, Ct);
        Assert.Equal(3, ledger.Count(e => e.Event == "newsletter-opt-out"));
        Assert.Equal(3, ledger.Count(e => e.Event == "newsletter-opt-in"));
    }

    [Fact]
    public async Task AnOptOutWhoseSaveLostItsAnswerKeepsItsConsentRecord()
    {
        // Review finding (review2).
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app, newsletter: true);

        // The member row's replace is applied, its answer lost; the storage client sends it again and gets 412. The
        // service takes the change for not saved and withdraws its consent record; the next attempt finds the change
        // made and writes nothing: a saved opt-out without its record.
        var tables = StorageFaults.TablesWith(app, StorageFaults.LoseFirstAnswer(r => StorageFaults.Is(r, Azure.Core.RequestMethod.Put, "Members")));
        var store = Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<MemberStore>(app.Services, tables);
        var accounts = Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<MemberAccountService>(app.Services, store);

        Assert.IsType<AccountChange.Done>(await accounts.UnsubscribeAsync(member.MemberId, new RequestOrigin(null, "test"), Ct));

        Assert.False((await MemberByEmailAsync(app, member.Email))!.Newsletter);
        var ledger = await app.Get<ConsentLedger>().HistoryAsync(member.MemberId, Ct);
        Assert.Single(ledger, e => e.Event == "newsletter-opt-out");
    }

    [Fact]
    public async Task OneClickPostUnsubscribesAtOnceAndTransactionalMailStillArrives()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app, newsletter: true);
        var token = app.Get<MemberTokenService>().Issue(member.MemberId, 0, TokenPurpose.Unsubscribe);
        var request = TestRequests.Form(app.Services, "POST", $"/api/unsubscribe?token={Uri.EscapeDataString(token)}", [new("List-Unsubscribe", "One-Click")]);

        var response = await TestResponse.ExecuteAsync(await app.Function<UnsubscribeFunction>().Unsubscribe(request, Ct), request);

        Assert.Equal(200, response.Status);
        Assert.False((await MemberByEmailAsync(app, member.Email))!.Newsletter);
        var ledger = await app.Get<ConsentLedger>().HistoryAsync(member.MemberId, Ct);
        Assert.Equal("newsletter-opt-out", ledger[^1].Event);
        var before = app.Outbox().Count;
        await RequestAccessLinkAsync(app, member.Email);
        Assert.Equal(before + 1, app.Outbox().Count);
    }

    [Fact]
    public async Task TheButtonOnThePageUnsubscribesAndShowsAPage()
    {
        await using var app = TestApp.Create(storage, new Dictionary<string, string?> { ["Membership:UnsubscribedPageUrl"] = "https://soil.example.org/bye" });
        var (member, _) = await ConfirmedMemberAsync(app, newsletter: true);
        var token = app.Get<MemberTokenService>().Issue(member.MemberId, 0, TokenPurpose.Unsubscribe);
        var request = TestRequests.Form(app.Services, "POST", "/api/unsubscribe", [new("token", token)]).Accepting("text/html");

        var response = await TestResponse.ExecuteAsync(await app.Function<UnsubscribeFunction>().Unsubscribe(request, Ct), request);

        Assert.Equal(303, response.Status);
        Assert.Equal("https://soil.example.org/bye", response.Headers.Location.ToString());
        Assert.False((await MemberByEmailAsync(app, member.Email))!.Newsletter);
    }

    [Fact]
    public async Task UnsubscribingTwiceIsHarmless()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app, newsletter: true);
        var token = app.Get<MemberTokenService>().Issue(member.MemberId, 0, TokenPurpose.Unsubscribe);

        for (var i = 0; i < 2; i++)
        {
            var request = TestRequests.Form(app.Services, "POST", $"/api/unsubscribe?token={Uri.EscapeDataString(token)}", [new("List-Unsubscribe", "One-Click")]);
            Assert.Equal(200, (await TestResponse.ExecuteAsync(await app.Function<UnsubscribeFunction>().Unsubscribe(request, Ct), request)).Status);
        }

        var ledger = await app.Get<ConsentLedger>().HistoryAsync(member.MemberId, Ct);
        Assert.Single(ledger, e => e.Event == "newsletter-opt-out");
    }

    [Fact]
    public async Task AnExpiredOrTamperedUnsubscribeLinkShowsA400PageAndChangesNothing()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-11-02T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var app = TestApp.Create(storage, time: time);
        var (member, _) = await ConfirmedMemberAsync(app, newsletter: true);
        var token = app.Get<MemberTokenService>().Issue(member.MemberId, 0, TokenPurpose.Unsubscribe);
        var tampered = token[..^2] + (token[^2] == 'A' ? "BB" : "AA");

        foreach (var (bad, advance) in new[] { (tampered, TimeSpan.Zero), (token, TimeSpan.FromDays(366)) })
        {
            time.Advance(advance);
            var page = app.Get($"/api/unsubscribe?token={Uri.EscapeDataString(bad)}");
            var shown = await TestResponse.ExecuteAsync(await app.Function<ShowUnsubscribeFunction>().ShowUnsubscribe(page, Ct), page);
            var post = TestRequests.Form(app.Services, "POST", $"/api/unsubscribe?token={Uri.EscapeDataString(bad)}", [new("List-Unsubscribe", "One-Click")]).Accepting("text/html");
            var posted = await TestResponse.ExecuteAsync(await app.Function<UnsubscribeFunction>().Unsubscribe(post, Ct), post);

            Assert.Equal(400, shown.Status);
            Assert.Equal(400, posted.Status);
            Assert.StartsWith("text/html", posted.ContentType, StringComparison.Ordinal);
        }

        Assert.True((await MemberByEmailAsync(app, member.Email))!.Newsletter);
    }

    [Fact]
    public async Task AVoteTokenCannotUnsubscribe()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app, newsletter: true);
        var voteToken = app.Get<MemberTokenService>().Issue(member.MemberId, 0, TokenPurpose.Vote, Guid.NewGuid().ToString("N"));
        var request = TestRequests.Form(app.Services, "POST", $"/api/unsubscribe?token={Uri.EscapeDataString(voteToken)}", [new("List-Unsubscribe", "One-Click")]);

        var response = await TestResponse.ExecuteAsync(await app.Function<UnsubscribeFunction>().Unsubscribe(request, Ct), request);

        Assert.Equal(401, response.Status);
        Assert.True((await MemberByEmailAsync(app, member.Email))!.Newsletter);
    }
}
