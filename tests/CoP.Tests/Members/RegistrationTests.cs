using CoP.Shared.Members;
using Microsoft.Extensions.Time.Testing;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Members;

public sealed class RegistrationTests(StorageFixture storage)
{
    [Fact]
    public async Task JsonRegistrationStoresAPendingMemberAndSendsAConfirmationWithoutTypedText()
    {
        await using var app = TestApp.Create(storage);
        var spamName = "Win a prize at http://spam.example <b>now</b>";

        var response = await RegisterAsync(app, Registration(name: spamName));

        Assert.Equal(202, response.Status);
        Assert.Equal("accepted", response.Json().GetProperty("status").GetString());
        var member = await MemberByEmailAsync(app, "amina.diallo@example.org");
        Assert.NotNull(member);
        Assert.Equal(MemberStatus.Pending, member.MemberStatus);
        Assert.Equal("biochar,monitoring-slm", member.Topics);
        Assert.Equal("SN", member.Country);
        Assert.True(member.Newsletter);
        var email = Assert.Single(app.Outbox());
        Assert.Equal("confirmation", email.Category);
        Assert.Equal("amina.diallo@example.org", email.To.Address);
        Assert.Equal(member.MemberId, email.CustomArgs["memberId"]);
        foreach (var typed in new[] { "spam.example", "prize", "Soil Institute", "Researcher" })
        {
            Assert.DoesNotContain(typed, email.HtmlBody, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(typed, email.TextBody, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(typed, email.Subject, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("https://cop.example.org/api/registrations/confirm?token=", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrowserFormPostRedirectsToTheConfiguredThankYouPage()
    {
        await using var app = TestApp.Create(storage, new Dictionary<string, string?> { ["Membership:ThankYouPageUrl"] = "https://soil.example.org/thanks" });

        var response = await RegisterFormAsync(app, [
            new("email", "kofi@example.org"), new("name", "Kofi Mensah"), new("topics", "biochar"), new("topics", "policy-alignment"),
            new("newsletter", "on"), new("consent", "on"), new("website", ""),
        ]);

        Assert.Equal(303, response.Status);
        Assert.Equal("https://soil.example.org/thanks", response.Headers.Location.ToString());
        var member = await MemberByEmailAsync(app, "kofi@example.org");
        Assert.Equal("biochar,policy-alignment", member!.Topics);
        Assert.True(member.Newsletter);
        Assert.Equal("en", member.Language);
        Assert.Single(app.Outbox());
    }

    [Fact]
    public async Task BrowserFormPostWithoutAConfiguredPageLeadsToTheCheckInboxPage()
    {
        await using var app = TestApp.Create(storage);

        var response = await RegisterFormAsync(app, [new("email", "kofi@example.org"), new("name", "Kofi"), new("consent", "true")]);

        // Post/redirect/get: the join page says the mail is on its way.
        Assert.Equal(303, response.Status);
        Assert.Equal("/api/join?sent=1", response.Headers.Location.ToString());
        var sent = CoP.TestSupport.TestRequests.Accepting(app.Get("/api/join?sent=1"), "text/html");
        var page = await ExecuteAsync(sent, app.Function<CoP.Functions.Members.ShowRegistrationFormFunction>().ShowRegistrationForm(sent, Ct));
        Assert.Equal(200, page.Status);
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        Assert.Contains("Check your inbox", page.Body, StringComparison.Ordinal);
        Assert.False((await MemberByEmailAsync(app, "kofi@example.org"))!.Newsletter);
    }

    [Fact]
    public async Task MultipartFormRegistrationIsAccepted()
    {
        await using var app = TestApp.Create(storage);

        var response = await RegisterFormAsync(app, [new("email", "lucia@example.org"), new("name", "Lucía Pérez"), new("consent", "yes"), new("language", "es"), new("topics", "biochar")], multipart: true, browser: false);

        Assert.Equal(202, response.Status);
        var member = await MemberByEmailAsync(app, "lucia@example.org");
        Assert.Equal("Lucía Pérez", member!.Name);
        Assert.Equal("es", member.Language);
    }

    [Fact]
    public async Task AnswersAreByteIdenticalWhetherTheAddressIsNewPendingOrConfirmed()
    {
        await using var app = TestApp.Create(storage);

        var fresh = await RegisterAsync(app, Registration("new@example.org"));
        var pending = await RegisterAsync(app, Registration("new@example.org"));
        await ConfirmedMemberAsync(app, "member@example.org");
        var confirmed = await RegisterAsync(app, Registration("member@example.org"));

        foreach (var other in new[] { pending, confirmed })
        {
            Assert.Equal(fresh.Status, other.Status);
            Assert.Equal(fresh.ContentType, other.ContentType);
            Assert.Equal(fresh.Body, other.Body);
        }
    }

    [Fact]
    public async Task PendingRegistrationResendsTheConfirmationOnlyOncePerInterval()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-02T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var app = TestApp.Create(storage, time: time);

        await RegisterAsync(app, Registration());
        await RegisterAsync(app, Registration());
        time.Advance(TimeSpan.FromMinutes(9));
        await RegisterAsync(app, Registration());
        Assert.Single(app.Outbox());

        time.Advance(TimeSpan.FromMinutes(2));
        await RegisterAsync(app, Registration(name: "Someone Else", newsletter: true));

        Assert.Equal(2, app.Outbox().Count(m => m.Category == "confirmation"));
        // Anyone can post any address: a repeated registration never changes what the person first sent.
        Assert.Equal("Amina Diallo", (await MemberByEmailAsync(app, "amina.diallo@example.org"))!.Name);
    }

    [Fact]
    public async Task ConfirmedMemberRegisteringAgainGetsAFreshPersonalLinkAndKeepsTheirProfile()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);

        var response = await RegisterAsync(app, Registration(name: "Someone Else"));

        Assert.Equal(202, response.Status);
        var notice = app.Outbox()[^1];
        Assert.Equal("already-member", notice.Category);
        var link = TokenFromLink(notice.TextBody, "/api/members/me");
        Assert.Equal(200, (await GetProfileAsync(app, link)).Status);
        Assert.Equal(member.Name, (await MemberByEmailAsync(app, member.Email))!.Name);
    }

    [Fact]
    public async Task NoAddressGetsMoreThanTheHourlyCapWhateverIsPosted()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-02T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var app = TestApp.Create(storage, new Dictionary<string, string?>
        {
            ["Membership:ConfirmationResendInterval"] = "00:00:00",
            ["Membership:MaxEmailsPerAddressPerHour"] = "3",
        }, time: time);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(202, (await RegisterAsync(app, Registration())).Status);
            Assert.Equal(202, (await RequestAccessLinkAsync(app, "amina.diallo@example.org")).Status);
            time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(3, app.Outbox().Count);
        time.Advance(TimeSpan.FromHours(1));
        await RegisterAsync(app, Registration());
        Assert.Equal(4, app.Outbox().Count);
    }

    [Fact]
    public async Task TheHourlyCapHoldsOverAnyRollingHourNotJustFixedWindows()
    {
        var start = DateTimeOffset.Parse("2026-11-02T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var time = new FakeTimeProvider(start);
        await using var app = TestApp.Create(storage, new Dictionary<string, string?>
        {
            ["Membership:ConfirmationResendInterval"] = "00:00:00",
            ["Membership:MaxEmailsPerAddressPerHour"] = "3",
        }, time: time);

        async Task<int> SendAt(int minutes)
        {
            time.SetUtcNow(start.AddMinutes(minutes));
            await RegisterAsync(app, Registration());
            return app.Outbox().Count;
        }

        Assert.Equal(1, await SendAt(0));
        Assert.Equal(2, await SendAt(50));
        Assert.Equal(3, await SendAt(55));
        Assert.Equal(3, await SendAt(59));
        Assert.Equal(4, await SendAt(61));
        // 50, 55 and 61 fall within the last hour: a fixed window opened at 60 would let this one through.
        Assert.Equal(4, await SendAt(62));
        Assert.Equal(4, await SendAt(105));
        Assert.Equal(5, await SendAt(111));
    }

    [Fact]
    public async Task AClaimWhoseRegistrationIsStillBeingWrittenSendsNothingMore()
    {
        await using var app = TestApp.Create(storage);
        await ClaimWithoutMemberAsync(app, "amina.diallo@example.org", DateTimeOffset.UtcNow);

        var response = await RegisterAsync(app, Registration());

        Assert.Equal(202, response.Status);
        Assert.Empty(app.Outbox());
        Assert.Equal(0, await RowCountAsync(app, "Members"));
    }

    [Fact]
    public async Task AClaimLeftBehindByACrashedRegistrationIsReleased()
    {
        await using var app = TestApp.Create(storage);
        await ClaimWithoutMemberAsync(app, "amina.diallo@example.org", DateTimeOffset.UtcNow.AddMinutes(-5));

        var response = await RegisterAsync(app, Registration());

        Assert.Equal(202, response.Status);
        Assert.Single(app.Outbox());
        var member = (await MemberByEmailAsync(app, "amina.diallo@example.org"))!;
        var claim = await app.Get<MemberEmailIndex>().FindAsync(member.EmailKey, Ct);
        Assert.Equal(member.MemberId, claim!.MemberId);
    }

    [Fact]
    public async Task HoneypotHitAnswersLikeASuccessAndStoresAndSendsNothing()
    {
        await using var app = TestApp.Create(storage);

        var form = await RegisterFormAsync(app, [new("email", "bot@example.org"), new("name", "Bot"), new("consent", "on"), new("website", "http://spam.example")], browser: false);
        var json = await RegisterAsync(app, new { email = "bot2@example.org", name = "Bot", consent = true, website = "x" });
        var reference = await RegisterAsync(app, Registration("person@example.org"));

        Assert.Equal(reference.Body, form.Body);
        Assert.Equal(reference.Body, json.Body);
        Assert.Equal(1, await RowCountAsync(app, "Members"));
        Assert.Single(app.Outbox());
    }

    [Fact]
    public async Task FormPostedFasterThanAPersonCouldFillItStoresAndSendsNothing()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-02T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var app = TestApp.Create(storage, time: time);
        var shownAt = time.GetUtcNow().ToUnixTimeMilliseconds();

        time.Advance(TimeSpan.FromSeconds(1));
        var tooFast = await RegisterFormAsync(app, [new("email", "fast@example.org"), new("name", "Fast"), new("consent", "on"), new("formStartedAt", $"{shownAt}")], browser: false);
        time.Advance(TimeSpan.FromSeconds(20));
        var human = await RegisterFormAsync(app, [new("email", "human@example.org"), new("name", "Human"), new("consent", "on"), new("formStartedAt", $"{shownAt}")], browser: false);

        Assert.Equal(human.Body, tooFast.Body);
        Assert.Null(await MemberByEmailAsync(app, "fast@example.org"));
        Assert.NotNull(await MemberByEmailAsync(app, "human@example.org"));
        Assert.Single(app.Outbox());
    }

    [Fact]
    public async Task FiftyParallelRegistrationsOfOneAddressGiveOneMemberAndOneEmail()
    {
        await using var app = TestApp.Create(storage);
        var variants = new[] { "Amina.Diallo@Example.org", "amina.diallo@example.org", " AMINA.DIALLO@EXAMPLE.ORG " };

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => RegisterAsync(app, Registration(variants[i % variants.Length]))));

        Assert.All(responses, r => Assert.Equal(202, r.Status));
        Assert.Equal(1, await RowCountAsync(app, "Members"));
        Assert.Equal(1, await RowCountAsync(app, "MemberEmails"));
        Assert.Single(app.Outbox());
    }

    [Fact]
    public async Task NameWithAReadingDirectionOverrideIsRefusedWithAFieldError()
    {
        await using var app = TestApp.Create(storage);

        var response = await RegisterAsync(app, Registration(name: "Ali\u202Ece"));

        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal(
            "Characters that change the reading direction are not allowed.",
            response.Json().GetProperty("errors").GetProperty("name")[0].GetString());
        Assert.Equal(0, await RowCountAsync(app, "Members"));
        Assert.Empty(app.Outbox());
    }

    [Fact]
    public async Task InvisibleCharactersAreRemovedFromTheNameAndJoinersKept()
    {
        await using var app = TestApp.Create(storage);

        var response = await RegisterAsync(app, Registration(name: "\uFEFFAmi\u200Bna  Dia\u00ADllo \U0001F469\u200D\U0001F33E"));

        Assert.Equal(202, response.Status);
        var member = await MemberByEmailAsync(app, "amina.diallo@example.org");
        Assert.Equal("Amina Diallo \U0001F469\u200D\U0001F33E", member?.Name);
    }

    [Fact]
    public async Task ConsentIsRequiredAndNothingIsStoredWithoutIt()
    {
        await using var app = TestApp.Create(storage);

        var response = await RegisterAsync(app, new { email = "a@example.org", name = "A", consent = false });

        Assert.Equal(400, response.Status);
        Assert.True(response.Json().GetProperty("errors").TryGetProperty("consent", out _));
        Assert.Equal(0, await RowCountAsync(app, "Members"));
        Assert.Empty(app.Outbox());
    }

    [Fact]
    public async Task ARetiredTopicIsNoLongerOfferedToNewRegistrations()
    {
        await using var app = TestApp.Create(storage);
        await app.Get<CoP.Shared.Topics.TopicStore>().RetireAsync("biochar", Ct);

        var response = await RegisterAsync(app, Registration());

        Assert.Equal(400, response.Status);
        Assert.True(response.Json().GetProperty("errors").TryGetProperty("topics", out _));
    }

    private static async Task ClaimWithoutMemberAsync(TestApp app, string email, DateTimeOffset claimedAt)
    {
        var key = app.Get<CoP.Shared.Privacy.Pseudonymizer>().EmailKey(MemberRules.EmailComparisonForm(email));
        Assert.True(await app.Get<MemberEmailIndex>().TryClaimAsync(key, MemberStore.NewMemberId(), claimedAt, Ct));
    }
}
