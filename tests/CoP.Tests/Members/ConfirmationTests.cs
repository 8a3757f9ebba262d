using CoP.Shared.Members;
using CoP.TestSupport;
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
        var ledger = await app.Get<ConsentLedger>().HistoryAsync(member.MemberId, Ct);
        Assert.Equal(["registration", "confirmation", "newsletter-opt-in"], ledger.Select(e => e.Event));
        Assert.All(ledger, e => Assert.Equal("2026-01", e.PolicyVersion));
        Assert.All(ledger, e => Assert.Matches("^[0-9a-f]{32}$", e.IpHash));
    }

    [Fact]
    public async Task OpeningTheConfirmationLinkShowsAButtonAndChangesNothing()
    {
        await using var app = TestApp.Create(storage);
        await RegisterAsync(app, Registration(newsletter: true));
        var token = TokenFromLink(app.Outbox().Single().TextBody, "/api/registrations/confirm");

        // A mail scanner opens the link, perhaps several times, perhaps at once.
        var pages = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ShowConfirmationAsync(app, token)));

        Assert.All(pages, page =>
        {
            Assert.Equal(200, page.Status);
            Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
            Assert.Contains("<form method=\"post\" action=\"/api/registrations/confirm\">", page.Body, StringComparison.Ordinal);
            Assert.Contains($"name=\"formToken\" value=\"{CoP.Functions.Http.MemberSessions.FormToken(token)}\"", page.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(token, page.Body, StringComparison.Ordinal);
            Assert.Equal("no-store", page.Headers.CacheControl.ToString());
        });
        var member = (await MemberByEmailAsync(app, "amina.diallo@example.org"))!;
        Assert.Equal(MemberStatus.Pending, member.MemberStatus);
        Assert.Equal(["registration"], (await app.Get<ConsentLedger>().HistoryAsync(member.MemberId, Ct)).Select(e => e.Event));

        var confirmed = await ConfirmAsync(app, token);

        Assert.Equal(200, confirmed.Status);
        Assert.Contains("Welcome to the community", confirmed.Body, StringComparison.Ordinal);
        Assert.Equal(MemberStatus.Confirmed, (await MemberByEmailAsync(app, "amina.diallo@example.org"))!.MemberStatus);
        Assert.Contains("already", (await ShowConfirmationAsync(app, token)).Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ALinkAlreadySentShowsThePageAndItsButtonConfirms()
    {
        // Confirmation mails sent before the page existed carry a token of the first format.
        await using var app = TestApp.Create(storage);
        await RegisterAsync(app, Registration());
        var member = (await MemberByEmailAsync(app, "amina.diallo@example.org"))!;
        var payload = System.Text.Encoding.UTF8.GetBytes($"v1|k1|confirm|{member.MemberId}|{DateTimeOffset.UtcNow.AddDays(5).ToUnixTimeSeconds()}");
        var mac = System.Security.Cryptography.HMACSHA256.HashData(Convert.FromBase64String(TestSettings.TokenKey), payload);
        var firstFormat = $"{System.Buffers.Text.Base64Url.EncodeToString(payload)}.{System.Buffers.Text.Base64Url.EncodeToString(mac)}";

        Assert.Equal(200, (await ShowConfirmationAsync(app, firstFormat)).Status);
        Assert.Equal(MemberStatus.Pending, (await MemberByEmailAsync(app, "amina.diallo@example.org"))!.MemberStatus);
        Assert.Equal(200, (await ConfirmAsync(app, firstFormat)).Status);
        Assert.Equal(MemberStatus.Confirmed, (await MemberByEmailAsync(app, "amina.diallo@example.org"))!.MemberStatus);
    }

    [Fact]
    public async Task ScriptsConfirmWithAJsonTokenAndGetProblemDetailsForABadOne()
    {
        await using var app = TestApp.Create(storage);
        await RegisterAsync(app, Registration());
        var token = TokenFromLink(app.Outbox().Single().TextBody, "/api/registrations/confirm");

        var bad = await PostConfirmJsonAsync(app, "{\"token\":\"v2.k1.AAAA\"}");
        var missing = await PostConfirmJsonAsync(app, "{}");
        var wrongType = await PostConfirmJsonAsync(app, "{\"token\":42}");
        var broken = await PostConfirmJsonAsync(app, "{\"token\":");
        var good = await PostConfirmJsonAsync(app, System.Text.Json.JsonSerializer.Serialize(new { token }));

        Assert.All([bad, missing, wrongType, broken], r =>
        {
            Assert.Equal(400, r.Status);
            Assert.Equal("application/problem+json", r.ContentType);
        });
        Assert.Contains("\"token\"", missing.Body, StringComparison.Ordinal);
        Assert.Equal(200, good.Status);
        Assert.Equal("confirmed", good.Json().GetProperty("status").GetString());
        Assert.Equal(MemberStatus.Confirmed, (await MemberByEmailAsync(app, "amina.diallo@example.org"))!.MemberStatus);
    }

    [Fact]
    public async Task APostWithTheTokenOnlyInTheQueryConfirmsNothing()
    {
        await using var app = TestApp.Create(storage);
        await RegisterAsync(app, Registration());
        var token = TokenFromLink(app.Outbox().Single().TextBody, "/api/registrations/confirm");
        var request = CoP.TestSupport.TestRequests.Form(app.Services, "POST", $"/api/registrations/confirm?token={Uri.EscapeDataString(token)}", []).Accepting("text/html");

        var response = await ExecuteAsync(request, app.Function<CoP.Functions.Members.ConfirmRegistrationFunction>().ConfirmRegistration(request, Ct));

        Assert.Equal(400, response.Status);
        Assert.Equal(MemberStatus.Pending, (await MemberByEmailAsync(app, "amina.diallo@example.org"))!.MemberStatus);
    }

    [Fact]
    public async Task FourConfirmationsAtOnceRecordTheConsentOnce()
    {
        await using var app = TestApp.Create(storage);
        await RegisterAsync(app, Registration(newsletter: true));
        var token = TokenFromLink(app.Outbox().Single().TextBody, "/api/registrations/confirm");

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ConfirmAsync(app, token)));

        Assert.All(answers, a => Assert.Equal(200, a.Status));
        var member = (await MemberByEmailAsync(app, "amina.diallo@example.org"))!;
        var ledger = await app.Get<ConsentLedger>().HistoryAsync(member.MemberId, Ct);
        Assert.Equal(["registration", "confirmation", "newsletter-opt-in"], ledger.Select(e => e.Event));
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
        var ledger = await app.Get<ConsentLedger>().HistoryAsync(member.MemberId, Ct);
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
        AssertNewLinkPage(await ShowConfirmationAsync(app, token), "expired");
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

    [Theory]
    [MemberData(nameof(BrokenTokens))]
    public async Task MalformedConfirmationLinkShowsA400Page(string token)
    {
        await using var app = TestApp.Create(storage);

        AssertNewLinkPage(await ShowConfirmationAsync(app, token), "not valid");
    }

    [Fact]
    public async Task MissingTokenGetsA400Page()
    {
        await using var app = TestApp.Create(storage);

        AssertNewLinkPage(await ConfirmAsync(app, null), "not valid");
        AssertNewLinkPage(await ShowConfirmationAsync(app, null), "not valid");
    }

    [Fact]
    public async Task TamperedConfirmationLinkIsRefused()
    {
        await using var app = TestApp.Create(storage);
        await RegisterAsync(app, Registration());
        var token = TokenFromLink(app.Outbox().Single().TextBody, "/api/registrations/confirm");
        var otherMember = app.Get<MemberTokenService>().Issue(MemberStore.NewMemberId(), 0, TokenPurpose.Confirm);
        var flipped = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];

        AssertNewLinkPage(await ConfirmAsync(app, flipped), "not valid");
        AssertNewLinkPage(await ConfirmAsync(app, otherMember), "not valid");
        Assert.Equal(MemberStatus.Pending, (await MemberByEmailAsync(app, "amina.diallo@example.org"))!.MemberStatus);
    }

    [Fact]
    public async Task AnAccountTokenCannotConfirm()
    {
        await using var app = TestApp.Create(storage);
        await RegisterAsync(app, Registration());
        var member = (await MemberByEmailAsync(app, "amina.diallo@example.org"))!;
        var wrongPurpose = app.Get<MemberTokenService>().Issue(member.MemberId, 0, TokenPurpose.Account);

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

    private static async Task<CoP.TestSupport.TestResponse> PostConfirmJsonAsync(TestApp app, string json)
    {
        var request = app.Raw("POST", "/api/registrations/confirm", json, "application/json");
        return await ExecuteAsync(request, app.Function<CoP.Functions.Members.ConfirmRegistrationFunction>().ConfirmRegistration(request, Ct));
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
