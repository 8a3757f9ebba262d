using System.Text.Json;
using CoP.Functions.Members;
using CoP.Shared.Members;
using CoP.TestSupport;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Members;

public sealed class SelfServiceTests(StorageFixture storage)
{
    [Fact]
    public async Task AccessLinkRequestEmailsAConfirmedMemberALinkThatOpensTheirProfile()
    {
        await using var app = TestApp.Create(storage);
        await ConfirmedMemberAsync(app);

        var response = await RequestAccessLinkAsync(app, "AMINA.DIALLO@example.org");

        Assert.Equal(202, response.Status);
        var email = app.Outbox()[^1];
        Assert.Equal("access-link", email.Category);
        var profile = await GetProfileAsync(app, TokenFromLink(email.TextBody, "/api/members/me"));
        Assert.Equal(200, profile.Status);
        Assert.Equal("Amina Diallo", profile.Json().GetProperty("name").GetString());
        Assert.Equal("confirmed", profile.Json().GetProperty("status").GetString());
    }

    [Fact]
    public async Task AccessLinkRequestForAnUnknownAddressAnswersTheSameAndSendsNothing()
    {
        await using var app = TestApp.Create(storage);
        await ConfirmedMemberAsync(app);
        var before = app.Outbox().Count;

        var known = await RequestAccessLinkAsync(app, "amina.diallo@example.org");
        var unknown = await RequestAccessLinkAsync(app, "nobody@example.org");

        Assert.Equal(known.Status, unknown.Status);
        Assert.Equal(known.Body, unknown.Body);
        Assert.Equal(before + 1, app.Outbox().Count);
    }

    [Fact]
    public async Task AccessLinkRequestIsRateLimitedPerAddress()
    {
        await using var app = TestApp.Create(storage);
        await ConfirmedMemberAsync(app);
        var before = app.Outbox().Count;

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(202, (await RequestAccessLinkAsync(app, "amina.diallo@example.org")).Status);
        }

        Assert.Equal(before + 1, app.Outbox().Count);
    }

    [Fact]
    public async Task ProfileNeedsAValidAccessToken()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);
        var unsubscribeToken = app.Get<MemberTokenService>().Issue(member.MemberId, 0, TokenPurpose.Unsubscribe);

        foreach (var token in new[] { null, "", "garbage" })
        {
            var response = await GetProfileAsync(app, token);
            Assert.Equal(401, response.Status);
            Assert.Equal("application/problem+json", response.ContentType);
            Assert.Contains("invalid_token", response.Headers.WWWAuthenticate.ToString(), StringComparison.Ordinal);
        }

        // A valid link of another purpose is refused as such, and the answer says which link to ask for.
        var narrow = await GetProfileAsync(app, unsubscribeToken);
        Assert.Equal(403, narrow.Status);
        Assert.Equal("application/problem+json", narrow.ContentType);
        Assert.Contains("access-link", narrow.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExpiredTamperedOrRotatedOutAccessTokenGets401()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-11-02T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var app = TestApp.Create(storage, time: time);
        var (member, token) = await ConfirmedMemberAsync(app);
        var tampered = token[..^2] + (token[^2] == 'A' ? "BB" : "AA");
        var otherKey = Convert.ToBase64String(Enumerable.Repeat((byte)9, 32).ToArray());
        var foreign = new MemberTokenService(
            Microsoft.Extensions.Options.Options.Create(new MemberTokenOptions { Keys = new() { ["k0"] = otherKey }, ActiveKey = "k0" }), time)
            .Issue(member.MemberId, 0, TokenPurpose.Account);

        Assert.Equal(200, (await GetProfileAsync(app, token)).Status);
        Assert.Equal(401, (await GetProfileAsync(app, tampered)).Status);
        Assert.Equal(401, (await GetProfileAsync(app, foreign)).Status);
        time.Advance(TimeSpan.FromDays(31));
        Assert.Equal(401, (await GetProfileAsync(app, token)).Status);
    }

    [Fact]
    public async Task TwoConcurrentErasesSendOneReceiptAndRecordOneErase()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);
        var accounts = app.Get<MemberAccountService>();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => accounts.EraseAsync(member.MemberId, new RequestOrigin(null, "test"), Ct)));

        Assert.Single(results, erased => erased);
        await app.DeliverQueuedMailAsync(Ct);
        Assert.Single(app.Outbox(), m => m.Category == "erase-receipt");
        var ledger = await app.Get<ConsentLedger>().HistoryAsync(member.MemberId, Ct);
        Assert.Single(ledger, e => e.Event == "erase");
    }

    [Fact]
    public async Task APendingMemberHasNoAccessYet()
    {
        await using var app = TestApp.Create(storage);
        await RegisterAsync(app, Registration());
        var member = (await MemberByEmailAsync(app, "amina.diallo@example.org"))!;

        var response = await GetProfileAsync(app, app.Get<MemberTokenService>().Issue(member.MemberId, 0, TokenPurpose.Account));

        Assert.Equal(401, response.Status);
    }

    [Fact]
    public async Task ProfilePatchChangesOnlyTheFieldsSentAndRecordsNewsletterConsent()
    {
        await using var app = TestApp.Create(storage);
        var (member, token) = await ConfirmedMemberAsync(app, newsletter: true);

        var response = await PatchProfileAsync(app, token, """{"organization":null,"country":"ke","topics":["policy-alignment"],"newsletter":false,"language":"en"}""");

        Assert.Equal(200, response.Status);
        var stored = (await MemberByEmailAsync(app, member.Email))!;
        Assert.Null(stored.Organization);
        Assert.Equal("KE", stored.Country);
        Assert.Equal("policy-alignment", stored.Topics);
        Assert.False(stored.Newsletter);
        Assert.Equal("en", stored.Language);
        Assert.Equal(member.Name, stored.Name);
        Assert.Equal(member.Role, stored.Role);
        var ledger = await app.Get<ConsentLedger>().HistoryAsync(member.MemberId, Ct);
        Assert.Equal("newsletter-opt-out", ledger[^1].Event);
    }

    [Fact]
    public async Task ProfileKeepsATopicRetiredAfterTheMemberChoseIt()
    {
        await using var app = TestApp.Create(storage);
        var (member, token) = await ConfirmedMemberAsync(app);
        await app.Get<CoP.Shared.Topics.TopicStore>().RetireAsync("biochar", Ct);

        Assert.Equal(200, (await PatchProfileAsync(app, token, """{"topics":["biochar","policy-alignment"]}""")).Status);
        Assert.Equal(400, (await PatchProfileAsync(app, token, """{"topics":["no-such-topic"]}""")).Status);
        Assert.Equal("biochar,policy-alignment", (await MemberByEmailAsync(app, member.Email))!.Topics);
    }

    [Theory]
    [InlineData("""{"email":"other@example.org"}""", "email")]
    [InlineData("""{"name":null}""", "name")]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"name":42}""", "name")]
    [InlineData("""{"country":"ZZ"}""", "country")]
    [InlineData("""{"language":"tlh"}""", "language")]
    [InlineData("""{"newsletter":"yes"}""", "newsletter")]
    [InlineData("""{"topics":"biochar"}""", "topics")]
    [InlineData("""{"topics":[1,2]}""", "topics")]
    [InlineData("""{"status":"confirmed"}""", "status")]
    [InlineData("""[1]""", "body")]
    [InlineData("""{"organization":{"a":1}}""", "organization")]
    [InlineData("""{"name":"Ali\u202Ece"}""", "name")]
    [InlineData("""{"organization":"Soil\nInstitute"}""", "organization")]
    public async Task InvalidProfilePatchIsRefusedAndChangesNothing(string json, string field)
    {
        await using var app = TestApp.Create(storage);
        var (member, token) = await ConfirmedMemberAsync(app);

        var response = await PatchProfileAsync(app, token, json);

        Assert.Equal(400, response.Status);
        Assert.True(response.Json().GetProperty("errors").TryGetProperty(field, out _), response.Body);
        var stored = (await MemberByEmailAsync(app, member.Email))!;
        Assert.Equal(member.ETag, stored.ETag);
    }

    [Fact]
    public async Task ExportContainsTheProfileAndTheConsentLedger()
    {
        await using var app = TestApp.Create(storage);
        var (member, token) = await ConfirmedMemberAsync(app);
        var request = app.Get("/api/members/me/export").WithHeader("Authorization", $"Bearer {token}");

        var response = await TestResponse.ExecuteAsync(await app.Function<ExportMyDataFunction>().ExportMyData(request, Ct), request);

        Assert.Equal(200, response.Status);
        Assert.Contains("attachment", response.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);
        var export = response.Json();
        Assert.Equal(member.Email, export.GetProperty("member").GetProperty("email").GetString());
        Assert.Equal(member.MemberId, export.GetProperty("member").GetProperty("memberId").GetString());
        Assert.Equal(3, export.GetProperty("consentLedger").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, export.GetProperty("emails").GetProperty("newsletterSuppressed").ValueKind);
        Assert.Equal(0, export.GetProperty("emails").GetProperty("softBounces").GetInt32());
    }

    [Fact]
    public async Task ExportSaysWhenBouncesStoppedTheNewsletter()
    {
        await using var app = TestApp.Create(storage);
        var (member, token) = await ConfirmedMemberAsync(app);
        var stored = (await MemberByEmailAsync(app, member.Email))!;
        stored.NewsletterSuppressed = "bounce";
        stored.NewsletterSuppressedAt = DateTimeOffset.UtcNow;
        stored.SoftBounces = 3;
        Assert.True(await app.Get<MemberStore>().TryReplaceAsync(stored, Ct));
        var request = app.Get("/api/members/me/export").WithHeader("Authorization", $"Bearer {token}");

        var export = (await TestResponse.ExecuteAsync(await app.Function<ExportMyDataFunction>().ExportMyData(request, Ct), request)).Json();

        Assert.Equal("bounce", export.GetProperty("emails").GetProperty("newsletterSuppressed").GetString());
        Assert.Equal(3, export.GetProperty("emails").GetProperty("softBounces").GetInt32());
    }

    [Fact]
    public async Task EraseRemovesAllPersonalDataSendsOneReceiptAndNothingAfterwards()
    {
        await using var app = TestApp.Create(storage);
        var (member, token) = await ConfirmedMemberAsync(app);
        var request = TestRequests.Empty(app.Services, "DELETE", "/api/members/me").WithHeader("Authorization", $"Bearer {token}");

        var response = await TestResponse.ExecuteAsync(await app.Function<EraseMyDataFunction>().EraseMyData(request, Ct), request);

        Assert.Equal(204, response.Status);
        await app.DeliverQueuedMailAsync(Ct);
        Assert.Equal(1, app.Outbox().Count(m => m.Category == "erase-receipt"));
        var everything = await AllTableTextAsync(app);
        foreach (var personal in new[] { "amina", "Diallo", "Soil Institute", "Researcher", member.EmailKey })
        {
            Assert.DoesNotContain(personal, everything, StringComparison.OrdinalIgnoreCase);
        }

        var afterwards = app.Outbox().Count;
        Assert.Equal(401, (await GetProfileAsync(app, token)).Status);
        await RequestAccessLinkAsync(app, member.Email);
        Assert.Equal(afterwards, app.Outbox().Count);
        var ledger = await app.Get<ConsentLedger>().HistoryAsync(member.MemberId, Ct);
        Assert.Equal("erase", ledger[^1].Event);
    }

    [Fact]
    public async Task AnErasedAddressCanRegisterAgainAsANewMember()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);
        await app.Get<MemberAccountService>().EraseAsync(member.MemberId, new RequestOrigin(null, "test"), Ct);

        await RegisterAsync(app, Registration());

        var again = await MemberByEmailAsync(app, member.Email);
        Assert.NotNull(again);
        Assert.NotEqual(member.MemberId, again.MemberId);
        Assert.Equal(MemberStatus.Pending, again.MemberStatus);
    }

    [Fact]
    public async Task AnEraseWhoseRecordLostItsAnswerStillSendsItsReceipt()
    {
        // Review finding (review2).
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);

        // The erase's fixed-key ledger row is inserted, its answer lost; the retry gets 409, which the service reads
        // as "a concurrent erase recorded it": the data goes, no receipt is queued and the member is answered 401.
        var tables = StorageFaults.TablesWith(app, StorageFaults.LoseFirstAnswer(r => StorageFaults.Is(r, Azure.Core.RequestMethod.Post, "ConsentLedger")));
        var ledger = Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<ConsentLedger>(app.Services, tables);
        var accounts = Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<MemberAccountService>(app.Services, ledger);

        var erased = await accounts.EraseAsync(member.MemberId, new RequestOrigin(null, "test"), Ct);
        await app.DeliverQueuedMailAsync(Ct);

        Assert.Null(await MemberByEmailAsync(app, member.Email));
        Assert.True(erased);
        Assert.Single(app.Outbox(), m => m.Category == "erase-receipt");
    }
}
