using System.Text.Json;
using CoP.Functions.EmailEvents;
using CoP.Shared.EmailEvents;
using CoP.Shared.Members;
using CoP.TestSupport;
using static CoP.Tests.EmailEvents.EmailEventTestFlows;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.EmailEvents;

/// <summary>An operator lifts the suppression that SendGrid's events put on a member; members' email events are exported and erased.</summary>
public sealed class LiftSuppressionTests(StorageFixture storage)
{
    private static readonly JsonSerializerOptions ExportJson = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task LiftingAHardBounceLetsTheNewsletterGoAgainRecordsItOnceAndIsIdempotent()
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);
        var (member, _) = await ConfirmedMemberAsync(app);
        await PostAsync(app, Body(Event("bounce", member.MemberId, type: "bounce")), signer);
        Assert.False((await MemberByEmailAsync(app, member.Email))!.ReceivesNewsletter);

        var lifted = await LiftAsync(app, member.MemberId);
        var again = await LiftAsync(app, member.MemberId);

        Assert.Equal(200, lifted.Status);
        Assert.True(lifted.Json().GetProperty("lifted").GetBoolean());
        Assert.Equal("bounce", lifted.Json().GetProperty("reason").GetString());
        Assert.Equal(200, again.Status);
        Assert.False(again.Json().GetProperty("lifted").GetBoolean());
        var stored = (await MemberByEmailAsync(app, member.Email))!;
        Assert.True(stored.ReceivesNewsletter);
        Assert.Null(stored.NewsletterSuppressedAt);
        var records = await EmailEventsExportAsync(app, member.MemberId);
        Assert.Equal(["bounce", "bounce"], records.Select(r => r.GetProperty("event").GetString()));
        Assert.Equal([nameof(EmailEventEffect.Suppress), nameof(EmailEventEffect.SuppressionLifted)], records.Select(r => r.GetProperty("effect").GetString()));
    }

    [Fact]
    public async Task SoftBouncesCountFromZeroAgainAfterALift()
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer, new Dictionary<string, string?> { ["EmailEvents:SoftBounceLimit"] = "2" });
        var (member, _) = await ConfirmedMemberAsync(app);
        await PostAsync(app, Body(Event("bounce", member.MemberId, type: "blocked"), Event("bounce", member.MemberId, type: "blocked")), signer);
        Assert.Equal("bounce", (await MemberByEmailAsync(app, member.Email))!.NewsletterSuppressed);

        var lifted = await LiftAsync(app, member.MemberId);
        await PostAsync(app, Body(Event("bounce", member.MemberId, type: "blocked")), signer);

        Assert.Equal(2, lifted.Json().GetProperty("softBounces").GetInt32());
        var stored = (await MemberByEmailAsync(app, member.Email))!;
        Assert.Equal(1, stored.SoftBounces);
        Assert.True(stored.ReceivesNewsletter);
    }

    [Fact]
    public async Task AnUnsubscribeIsNotLiftedOnlyTheMemberCanSubscribeAgain()
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);
        var (member, _) = await ConfirmedMemberAsync(app);
        await PostAsync(app, Body(Event("unsubscribe", member.MemberId)), signer);

        var response = await LiftAsync(app, member.MemberId);

        Assert.False(response.Json().GetProperty("lifted").GetBoolean());
        Assert.False((await MemberByEmailAsync(app, member.Email))!.Newsletter);
        Assert.DoesNotContain(await EmailEventsExportAsync(app, member.MemberId), r => r.GetProperty("effect").GetString() == nameof(EmailEventEffect.SuppressionLifted));
    }

    [Fact]
    public async Task AnUnknownMemberIsNotFoundAndAMalformedIdIsRefusedWithoutAWrite()
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);

        var unknown = await LiftAsync(app, MemberStore.NewMemberId());
        var malformed = await LiftAsync(app, "..%2Fmembers");

        Assert.Equal(404, unknown.Status);
        Assert.Equal("application/problem+json", unknown.ContentType);
        Assert.Equal(400, malformed.Status);
        Assert.Equal(0, await RowCountAsync(app, "EmailEvents"));
    }

    [Fact]
    public async Task ErasingAMemberDeletesTheirEmailEventsAndLeavesOthersAndIsIdempotent()
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);
        var (leaving, _) = await ConfirmedMemberAsync(app, "leaving@example.org");
        var (staying, _) = await ConfirmedMemberAsync(app, "staying@example.org");
        await PostAsync(app, Body(Event("bounce", leaving.MemberId, type: "blocked"), Event("spamreport", leaving.MemberId), Event("dropped", staying.MemberId)), signer);
        Assert.Equal(2, (await EmailEventsExportAsync(app, leaving.MemberId)).Count);

        var holder = app.Get<IEnumerable<IMemberDataHolder>>().OfType<EmailEventMemberData>().Single();
        Assert.True(await app.Get<MemberAccountService>().EraseAsync(leaving.MemberId, new RequestOrigin(null, "test"), Ct));
        await holder.EraseAsync(leaving, Ct);

        Assert.Equal(1, await RowCountAsync(app, "EmailEvents"));
        Assert.Single(await EmailEventsExportAsync(app, staying.MemberId));
    }

    private static async Task<TestResponse> LiftAsync(TestApp app, string memberId)
    {
        var request = TestRequests.Empty(app.Services, "DELETE", $"/api/manage/members/{memberId}/suppression");
        return await TestResponse.ExecuteAsync(await app.Function<LiftSuppressionFunction>().LiftSuppression(request, memberId, Ct), request);
    }

    private static async Task<List<JsonElement>> EmailEventsExportAsync(TestApp app, string memberId)
    {
        var export = (await app.Get<MemberAccountService>().ExportAsync(memberId, Ct))!;
        var section = JsonSerializer.SerializeToElement(export.Records["emailEvents"], ExportJson);
        return [.. section.EnumerateArray()];
    }
}
