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
        var token = app.Get<MemberTokenService>().Issue(member.MemberId, TokenPurpose.Unsubscribe);
        var request = app.Get($"/api/unsubscribe?token={Uri.EscapeDataString(token)}");

        var response = await TestResponse.ExecuteAsync(await app.Function<ShowUnsubscribeFunction>().ShowUnsubscribe(request, Ct), request);

        Assert.Equal(200, response.Status);
        Assert.Contains("<form method=\"post\" action=\"/api/unsubscribe\">", response.Body, StringComparison.Ordinal);
        Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(token), response.Body, StringComparison.Ordinal);
        var stored = (await MemberByEmailAsync(app, member.Email))!;
        Assert.True(stored.Newsletter);
        Assert.Equal(member.ETag, stored.ETag);
    }

    [Fact]
    public async Task OneClickPostUnsubscribesAtOnceAndTransactionalMailStillArrives()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app, newsletter: true);
        var token = app.Get<MemberTokenService>().Issue(member.MemberId, TokenPurpose.Unsubscribe);
        var request = TestRequests.Form(app.Services, "POST", $"/api/unsubscribe?token={Uri.EscapeDataString(token)}", [new("List-Unsubscribe", "One-Click")]);

        var response = await TestResponse.ExecuteAsync(await app.Function<UnsubscribeFunction>().Unsubscribe(request, Ct), request);

        Assert.Equal(200, response.Status);
        Assert.False((await MemberByEmailAsync(app, member.Email))!.Newsletter);
        var ledger = await app.Get<MemberStore>().ConsentHistoryAsync(member.MemberId, Ct);
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
        var token = app.Get<MemberTokenService>().Issue(member.MemberId, TokenPurpose.Unsubscribe);
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
        var token = app.Get<MemberTokenService>().Issue(member.MemberId, TokenPurpose.Unsubscribe);

        for (var i = 0; i < 2; i++)
        {
            var request = TestRequests.Form(app.Services, "POST", $"/api/unsubscribe?token={Uri.EscapeDataString(token)}", [new("List-Unsubscribe", "One-Click")]);
            Assert.Equal(200, (await TestResponse.ExecuteAsync(await app.Function<UnsubscribeFunction>().Unsubscribe(request, Ct), request)).Status);
        }

        var ledger = await app.Get<MemberStore>().ConsentHistoryAsync(member.MemberId, Ct);
        Assert.Single(ledger, e => e.Event == "newsletter-opt-out");
    }

    [Fact]
    public async Task AnAccessTokenCannotUnsubscribe()
    {
        await using var app = TestApp.Create(storage);
        var (member, accessToken) = await ConfirmedMemberAsync(app, newsletter: true);
        var request = TestRequests.Form(app.Services, "POST", $"/api/unsubscribe?token={Uri.EscapeDataString(accessToken)}", [new("List-Unsubscribe", "One-Click")]);

        var response = await TestResponse.ExecuteAsync(await app.Function<UnsubscribeFunction>().Unsubscribe(request, Ct), request);

        Assert.Equal(401, response.Status);
        Assert.True((await MemberByEmailAsync(app, member.Email))!.Newsletter);
    }
}
