using CoP.Shared.Members;
using Microsoft.Extensions.Time.Testing;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Members;

public sealed class ConfirmationTests(StorageFixture storage)
{
    [Fact]
    public async Task ConfirmationLinkConfirmsTheMemberAndRecordsConsent()
    {
        await using var app = TestApp.Create(storage);
        await RegisterAsync(app, Registration(newsletter: true));
        var token = TokenFromLink(app.Outbox().Single().TextBody, "/api/registrations/confirm");

        var response = await ConfirmAsync(app, token);

        Assert.Equal(200, response.Status);
        Assert.StartsWith("text/html", response.ContentType, StringComparison.Ordinal);
        var member = (await MemberByEmailAsync(app, "amina.diallo@example.org"))!;
        Assert.Equal(MemberStatus.Confirmed, member.MemberStatus);
        Assert.NotNull(member.ConfirmedAt);
        var ledger = await app.Get<MemberStore>().ConsentHistoryAsync(member.MemberId, Ct);
        Assert.Equal(["registration", "confirmation", "newsletter-opt-in"], ledger.Select(e => e.Event));
        Assert.All(ledger, e => Assert.Equal("2026-01", e.PolicyVersion));
        Assert.All(ledger, e => Assert.Matches("^[0-9a-f]{32}$", e.IpHash));
    }

    [Fact]
    public async Task ConfirmingTwiceIsIdempotent()
    {
        await using var app = TestApp.Create(storage);
        await RegisterAsync(app, Registration(newsletter: false));
        var token = TokenFromLink(app.Outbox().Single().TextBody, "/api/registrations/confirm");

        var first = await ConfirmAsync(app, token);
        var second = await ConfirmAsync(app, token);

        Assert.Equal(200, first.Status);
        Assert.Equal(200, second.Status);
        var member = (await MemberByEmailAsync(app, "amina.diallo@example.org"))!;
        var ledger = await app.Get<MemberStore>().ConsentHistoryAsync(member.MemberId, Ct);
        Assert.Equal(["registration", "confirmation"], ledger.Select(e => e.Event));
    }

    [Fact]
    public async Task ConfirmationRedirectsToTheConfiguredPage()
    {
        await using var app = TestApp.Create(storage, new Dictionary<string, string?> { ["Membership:ConfirmedPageUrl"] = "https://soil.example.org/welcome" });
        await RegisterAsync(app, Registration());

        var response = await ConfirmAsync(app, TokenFromLink(app.Outbox().Single().TextBody, "/api/registrations/confirm"));

        Assert.Equal(303, response.Status);
        Assert.Equal("https://soil.example.org/welcome", response.Headers.Location.ToString());
    }

    [Fact]
    public async Task ExpiredConfirmationLinkGetsA400PageOfferingANewLink()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-02T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var app = TestApp.Create(storage, time: time);
        await RegisterAsync(app, Registration());
        var token = TokenFromLink(app.Outbox().Single().TextBody, "/api/registrations/confirm");

        time.Advance(TimeSpan.FromDays(8));
        var response = await ConfirmAsync(app, token);

        AssertNewLinkPage(response, "expired");
        Assert.Equal(MemberStatus.Pending, (await MemberByEmailAsync(app, "amina.diallo@example.org"))!.MemberStatus);
    }

    public static TheoryData<string> BrokenTokens => new()
    {
        "",
        "not-a-token",
        "a.b",
        "....",
        new string('x', 600),
        "dGVzdA.dGVzdA",
    };

    [Theory]
    [MemberData(nameof(BrokenTokens))]
    public async Task MalformedConfirmationLinkGetsA400Page(string token)
    {
        await using var app = TestApp.Create(storage);

        AssertNewLinkPage(await ConfirmAsync(app, token), "not valid");
    }

    [Fact]
    public async Task MissingTokenGetsA400Page()
    {
        await using var app = TestApp.Create(storage);

        AssertNewLinkPage(await ConfirmAsync(app, null), "not valid");
    }

    [Fact]
    public async Task TamperedConfirmationLinkIsRefused()
    {
        await using var app = TestApp.Create(storage);
        await RegisterAsync(app, Registration());
        var token = TokenFromLink(app.Outbox().Single().TextBody, "/api/registrations/confirm");
        var otherMember = app.Get<MemberTokenService>().Issue(MemberStore.NewMemberId(), TokenPurpose.Confirm);
        var forged = token.Split('.')[0] + "." + otherMember.Split('.')[1];

        AssertNewLinkPage(await ConfirmAsync(app, forged), "not valid");
        Assert.Equal(MemberStatus.Pending, (await MemberByEmailAsync(app, "amina.diallo@example.org"))!.MemberStatus);
    }

    [Fact]
    public async Task AnAccessTokenCannotConfirm()
    {
        await using var app = TestApp.Create(storage);
        await RegisterAsync(app, Registration());
        var member = (await MemberByEmailAsync(app, "amina.diallo@example.org"))!;
        var wrongPurpose = app.Get<MemberTokenService>().Issue(member.MemberId, TokenPurpose.Access);

        AssertNewLinkPage(await ConfirmAsync(app, wrongPurpose), "not valid");
        Assert.Equal(MemberStatus.Pending, (await MemberByEmailAsync(app, "amina.diallo@example.org"))!.MemberStatus);
    }

    [Fact]
    public async Task AConfirmationLinkOfAnErasedMemberGrantsNothing()
    {
        await using var app = TestApp.Create(storage);
        await RegisterAsync(app, Registration());
        var token = TokenFromLink(app.Outbox().Single().TextBody, "/api/registrations/confirm");
        var member = (await MemberByEmailAsync(app, "amina.diallo@example.org"))!;
        await app.Get<MemberAccountService>().EraseAsync(member.MemberId, new RequestOrigin(null, "test"), Ct);

        AssertNewLinkPage(await ConfirmAsync(app, token), "not valid");
        Assert.Equal(0, await RowCountAsync(app, "Members"));
    }

    private static void AssertNewLinkPage(CoP.TestSupport.TestResponse response, string reason)
    {
        Assert.Equal(400, response.Status);
        Assert.StartsWith("text/html", response.ContentType, StringComparison.Ordinal);
        Assert.Contains(reason, response.Body, StringComparison.Ordinal);
        Assert.Contains("action=\"/api/members/access-link\"", response.Body, StringComparison.Ordinal);
        Assert.Contains("name=\"email\"", response.Body, StringComparison.Ordinal);
    }
}
