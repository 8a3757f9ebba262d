using CoP.Shared.EmailEvents;
using CoP.Shared.Members;
using static CoP.Tests.EmailEvents.EmailEventTestFlows;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.EmailEvents;

/// <summary>Deliveries of one post at once (SendGrid's retries overlap), and deliveries that died after claiming an event.</summary>
public sealed class EmailEventConcurrencyTests(StorageFixture storage)
{
    [Fact]
    public async Task AnUnsubscribeTakesEffectOnceWithOneConsentRecordWhenFourDeliveriesArriveAtOnce()
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);
        var (member, _) = await ConfirmedMemberAsync(app);
        var body = Body(Event("unsubscribe", member.MemberId));

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostAsync(app, body, signer), Ct)));

        Assert.All(responses, r => Assert.Equal(200, r.Status));
        Assert.Equal(1, responses.Sum(r => r.Count("applied")));
        Assert.Equal(3, responses.Sum(r => r.Count("duplicates")));
        Assert.False((await MemberByEmailAsync(app, member.Email))!.Newsletter);
        Assert.Single(await app.Get<ConsentLedger>().HistoryAsync(member.MemberId, Ct), e => e.Event == "newsletter-opt-out");
    }

    [Fact]
    public async Task TwoSoftBouncesAreAppliedOnceEachWhenFourDeliveriesOfTheirPostArriveAtOnce()
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer, new Dictionary<string, string?> { ["EmailEvents:SoftBounceLimit"] = "10" });
        var (member, _) = await ConfirmedMemberAsync(app);
        var body = Body(Event("bounce", member.MemberId, type: "blocked"), Event("bounce", member.MemberId, type: "blocked"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostAsync(app, body, signer), Ct)));

        Assert.All(responses, r => Assert.Equal(200, r.Status));
        Assert.Equal(2, responses.Sum(r => r.Count("applied")));
        Assert.Equal(6, responses.Sum(r => r.Count("duplicates")));
        Assert.Equal(2, (await MemberByEmailAsync(app, member.Email))!.SoftBounces);
        Assert.Equal(2, await RowCountAsync(app, "EmailEvents"));
    }

    [Fact]
    public async Task ADeliveryTakesOverAnEventWhoseClaimLapsedAndAppliesItOnce()
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);
        var (member, _) = await ConfirmedMemberAsync(app);
        var unsubscribe = Event("unsubscribe", member.MemberId);
        await ClaimAsync(app, member.MemberId, (string)unsubscribe["sg_event_id"]!, "unsubscribe", EmailEventEffect.Unsubscribe, DateTimeOffset.UtcNow.AddSeconds(-1));

        var response = await PostAsync(app, Body(unsubscribe), signer);
        var again = await PostAsync(app, Body(unsubscribe), signer);

        Assert.Equal((200, 1), (response.Status, response.Count("applied")));
        Assert.Equal((200, 1), (again.Status, again.Count("duplicates")));
        Assert.False((await MemberByEmailAsync(app, member.Email))!.Newsletter);
        Assert.Single(await app.Get<ConsentLedger>().HistoryAsync(member.MemberId, Ct), e => e.Event == "newsletter-opt-out");
        var row = (await app.Table("EmailEvents").GetEntityAsync<EmailEventEntity>(member.MemberId, EmailEventStore.RowKeyOf((string)unsubscribe["sg_event_id"]!), cancellationToken: Ct)).Value;
        Assert.NotNull(row.AppliedAt);
        Assert.Null(row.ClaimedUntil);
    }

    [Fact]
    public async Task APostAnswersDeliverAgainAndChangesNothingWhileAnotherDeliveryHoldsTheClaim()
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);
        var (member, _) = await ConfirmedMemberAsync(app);
        var unsubscribe = Event("unsubscribe", member.MemberId);
        var open = Event("open", member.MemberId);
        await ClaimAsync(app, member.MemberId, (string)unsubscribe["sg_event_id"]!, "unsubscribe", EmailEventEffect.Unsubscribe, DateTimeOffset.UtcNow.AddMinutes(2));

        var response = await PostAsync(app, Body(unsubscribe, open), signer);

        Assert.Equal(503, response.Status);
        Assert.Equal((1, 0, 1), (response.Count("inProgress"), response.Count("applied"), response.Count("ignored")));
        Assert.True((await MemberByEmailAsync(app, member.Email))!.Newsletter);
        Assert.DoesNotContain(await app.Get<ConsentLedger>().HistoryAsync(member.MemberId, Ct), e => e.Event == "newsletter-opt-out");
    }

    /// <summary>The row a delivery leaves when it claimed an event and has not (or never) marked it applied.</summary>
    private static async Task ClaimAsync(TestApp app, string memberId, string eventId, string name, EmailEventEffect effect, DateTimeOffset claimedUntil)
    {
        var table = app.Table("EmailEvents");
        await table.CreateIfNotExistsAsync(Ct);
        var now = DateTimeOffset.UtcNow;
        await table.AddEntityAsync(
            new EmailEventEntity
            {
                PartitionKey = memberId,
                RowKey = EmailEventStore.RowKeyOf(eventId),
                Event = name,
                Effect = effect.ToString(),
                OccurredAt = now,
                ReceivedAt = now,
                ClaimedUntil = claimedUntil,
            },
            Ct);
    }
}
