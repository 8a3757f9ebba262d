using CoP.Shared.EmailEvents;
using CoP.Shared.Members;
using CoP.Shared.Newsletter.Delivery;
using static CoP.Tests.EmailEvents.EmailEventTestFlows;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.EmailEvents;

/// <summary>What each event does to the member it names, once, however often SendGrid delivers it.</summary>
public sealed class EmailEventEffectsTests(StorageFixture storage)
{
    [Theory]
    [InlineData("bounce", "bounce")]
    [InlineData("dropped", null)]
    [InlineData("spamreport", null)]
    public async Task SuppressesTheNewsletterAtOnceWhenAHardBounceDropOrSpamReportArrives(string name, string? type)
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);
        var (member, _) = await ConfirmedMemberAsync(app);

        var response = await PostAsync(app, Body(Event(name, member.MemberId, type: type)), signer);

        Assert.Equal(200, response.Status);
        var stored = (await MemberByEmailAsync(app, member.Email))!;
        Assert.Equal(name, stored.NewsletterSuppressed);
        Assert.NotNull(stored.NewsletterSuppressedAt);
        Assert.False(stored.ReceivesNewsletter);
        Assert.True(stored.Newsletter);
        Assert.Equal(0, stored.SoftBounces);
    }

    [Fact]
    public async Task SuppressesOnlyAtTheLimitWhenSoftBouncesArrive()
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);
        var (member, _) = await ConfirmedMemberAsync(app);

        for (var bounce = 1; bounce <= 3; bounce++)
        {
            Assert.Equal(200, (await PostAsync(app, Body(Event("bounce", member.MemberId, type: "blocked")), signer)).Status);
            var stored = (await MemberByEmailAsync(app, member.Email))!;
            Assert.Equal(bounce, stored.SoftBounces);
            Assert.Equal(bounce < 3 ? null : "bounce", stored.NewsletterSuppressed);
        }
    }

    [Fact]
    public async Task SuppressesAtTheConfiguredLimitWhenItIsOne()
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer, new Dictionary<string, string?> { ["EmailEvents:SoftBounceLimit"] = "1" });
        var (member, _) = await ConfirmedMemberAsync(app);

        await PostAsync(app, Body(Event("bounce", member.MemberId, type: "blocked")), signer);

        Assert.Equal("bounce", (await MemberByEmailAsync(app, member.Email))!.NewsletterSuppressed);
    }

    [Fact]
    public async Task CountsASoftBounceOnceWhenTheSamePostArrivesTwice()
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);
        var (member, _) = await ConfirmedMemberAsync(app);
        var body = Body(Event("bounce", member.MemberId, type: "blocked"), Event("open", member.MemberId));

        var first = await PostAsync(app, body, signer);
        var second = await PostAsync(app, body, signer);

        Assert.Equal((2, 1, 0), (first.Count("received"), first.Count("applied"), first.Count("duplicates")));
        Assert.Equal((2, 0, 1), (second.Count("received"), second.Count("applied"), second.Count("duplicates")));
        Assert.Equal(1, (await MemberByEmailAsync(app, member.Email))!.SoftBounces);
    }

    [Fact]
    public async Task CountsEachSoftBounceOnceWhenPostsAndRedeliveriesArriveConcurrently()
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer, new Dictionary<string, string?> { ["EmailEvents:SoftBounceLimit"] = "10" });
        var (member, _) = await ConfirmedMemberAsync(app);
        var bodies = Enumerable.Range(0, 5).Select(_ => Body(Event("bounce", member.MemberId, type: "blocked"))).ToList();

        // Every post twice at once: five distinct bounces, each delivered twice.
        var responses = await Task.WhenAll(bodies.Concat(bodies).Select(body => PostAsync(app, body, signer)));

        Assert.All(responses, r => Assert.Equal(200, r.Status));
        Assert.Equal(5, (await MemberByEmailAsync(app, member.Email))!.SoftBounces);
        Assert.Equal(5, await RowCountAsync(app, "EmailEvents"));
    }

    [Fact]
    public async Task AppliesEachMembersEventsWhenOnePostCarriesManyMembers()
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);
        var (bounced, _) = await ConfirmedMemberAsync(app, "bounced@example.org");
        var (blocked, _) = await ConfirmedMemberAsync(app, "blocked@example.org");
        var (leaving, _) = await ConfirmedMemberAsync(app, "leaving@example.org");
        var (reader, _) = await ConfirmedMemberAsync(app, "reader@example.org");
        var events = new List<object>();
        for (var i = 0; i < 4; i++)
        {
            events.Add(Event("bounce", blocked.MemberId, type: "blocked"));
            events.Add(Event("open", reader.MemberId));
            events.Add(Event("click", reader.MemberId));
        }

        events.Insert(5, Event("dropped", bounced.MemberId));
        events.Insert(7, Event("unsubscribe", leaving.MemberId));

        var response = await PostAsync(app, Body([.. events]), signer);

        Assert.Equal((14, 6, 0, 8), (response.Count("received"), response.Count("applied"), response.Count("duplicates"), response.Count("ignored")));
        Assert.Equal("dropped", (await MemberByEmailAsync(app, bounced.Email))!.NewsletterSuppressed);
        Assert.Equal((4, "bounce"), ((await MemberByEmailAsync(app, blocked.Email))!.SoftBounces, (await MemberByEmailAsync(app, blocked.Email))!.NewsletterSuppressed));
        Assert.False((await MemberByEmailAsync(app, leaving.Email))!.Newsletter);
        Assert.Equal(reader.ETag, (await MemberByEmailAsync(app, reader.Email))!.ETag);
    }

    [Fact]
    public async Task CompletesTheEffectOnceWhenARedeliveryFollowsAFailureHalfWay()
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);
        var (member, _) = await ConfirmedMemberAsync(app);
        var counted = Event("bounce", member.MemberId, type: "blocked");
        var notYetCounted = Event("bounce", member.MemberId, type: "blocked");
        await PostAsync(app, Body(counted), signer);

        // The state a crash leaves between recording an event and marking it applied: the first bounce counted
        // but not marked, the second recorded but not counted.
        await UnmarkAsync(app, member.MemberId, (string)counted["sg_event_id"]!);
        var now = DateTimeOffset.UtcNow;
        await app.Table("EmailEvents").AddEntityAsync(
            new EmailEventEntity
            {
                PartitionKey = member.MemberId,
                RowKey = EmailEventStore.RowKeyOf((string)notYetCounted["sg_event_id"]!),
                Event = "bounce",
                Effect = nameof(EmailEventEffect.SoftBounce),
                OccurredAt = now,
                ReceivedAt = now,
            },
            Ct);

        var redelivery = await PostAsync(app, Body(counted, notYetCounted), signer);

        Assert.Equal(2, redelivery.Count("applied"));
        Assert.Equal(2, (await MemberByEmailAsync(app, member.Email))!.SoftBounces);
        var again = await PostAsync(app, Body(counted, notYetCounted), signer);
        Assert.Equal(2, again.Count("duplicates"));
        Assert.Equal(2, (await MemberByEmailAsync(app, member.Email))!.SoftBounces);
    }

    [Fact]
    public async Task KeepsTheFirstSuppressionReasonWhenLaterEventsArrive()
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);
        var (member, _) = await ConfirmedMemberAsync(app);
        await PostAsync(app, Body(Event("spamreport", member.MemberId)), signer);
        var first = (await MemberByEmailAsync(app, member.Email))!;

        await PostAsync(app, Body(Event("dropped", member.MemberId), Event("bounce", member.MemberId, type: "bounce")), signer);

        var stored = (await MemberByEmailAsync(app, member.Email))!;
        Assert.Equal("spamreport", stored.NewsletterSuppressed);
        Assert.Equal(first.NewsletterSuppressedAt, stored.NewsletterSuppressedAt);
    }

    [Theory]
    [InlineData("unsubscribe")]
    [InlineData("group_unsubscribe")]
    public async Task UnsubscribesWithAConsentRecordWhenAnUnsubscribeArrives(string name)
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);
        var (member, _) = await ConfirmedMemberAsync(app);

        var response = await PostAsync(app, Body(Event(name, member.MemberId)), signer);
        await PostAsync(app, Body(Event(name, member.MemberId)), signer);

        Assert.Equal(1, response.Count("applied"));
        var stored = (await MemberByEmailAsync(app, member.Email))!;
        Assert.False(stored.Newsletter);
        Assert.Null(stored.NewsletterSuppressed);
        var optOut = Assert.Single(await app.Get<ConsentLedger>().HistoryAsync(member.MemberId, Ct), e => e.Event == "newsletter-opt-out");
        Assert.Equal(EmailEventEffects.Channel, optOut.Channel);
        Assert.Equal("", optOut.IpHash);
    }

    [Theory]
    [InlineData("processed")]
    [InlineData("delivered")]
    public async Task SetsLastEventOnTheLedgerWhenADeliveryEventNamesIssueAndBatch(string name)
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);
        var (member, _) = await ConfirmedMemberAsync(app);
        const string issueId = "2026-11-23-0800";
        const string batchId = "b0007";
        var ledger = app.Get<DeliveryLedgerStore>();
        await ledger.WriteLedgerAsync(
            issueId,
            [
                new NewsletterDeliveryEntity { RowKey = NewsletterDeliveryEntity.BatchRow(batchId), State = nameof(BatchState.Sending), Recipients = 1 },
                new NewsletterDeliveryEntity { RowKey = NewsletterDeliveryEntity.MemberRow(member.MemberId), BatchId = batchId },
            ],
            parallelism: 1,
            Ct);
        var emailEvent = Event(name, member.MemberId);
        emailEvent["issueId"] = issueId;
        emailEvent["batchId"] = batchId;

        var response = await PostAsync(app, Body(emailEvent), signer);

        Assert.Equal(1, response.Count("applied"));
        var batch = (await ledger.GetLedgerRowAsync(issueId, NewsletterDeliveryEntity.BatchRow(batchId), Ct))!;
        var recipient = (await ledger.GetLedgerRowAsync(issueId, NewsletterDeliveryEntity.MemberRow(member.MemberId), Ct))!;
        Assert.Equal(name, batch.LastEvent);
        Assert.Equal(name, recipient.LastEvent);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)emailEvent["timestamp"]!), batch.LastEventAt);
        Assert.Equal(BatchState.Sending, batch.BatchState);
        Assert.Equal(1, batch.Recipients);
        Assert.Null((await MemberByEmailAsync(app, member.Email))!.NewsletterSuppressed);
    }

    [Fact]
    public async Task AcknowledgesADeliveryEventWhenTheLedgerHasNoSuchBatch()
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);
        var (member, _) = await ConfirmedMemberAsync(app);
        var emailEvent = Event("delivered", member.MemberId);
        emailEvent["issueId"] = "2026-11-23-0800";
        emailEvent["batchId"] = "b0001";

        var response = await PostAsync(app, Body(emailEvent), signer);

        Assert.Equal(200, response.Status);
        Assert.Equal(0, await RowCountAsync(app, "NewsletterDeliveries"));
    }

    [Fact]
    public async Task IgnoresEventsWhenTheMemberIsUnknownOrTheIdIsMissingOrMalformed()
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);
        var (member, _) = await ConfirmedMemberAsync(app);
        var noEventId = Event("spamreport", member.MemberId);
        noEventId.Remove("sg_event_id");

        var response = await PostAsync(
            app,
            Body(
                Event("spamreport", MemberStore.NewMemberId()),
                Event("spamreport", memberId: null),
                Event("spamreport", member.MemberId.ToUpperInvariant()),
                Event("spamreport", member.MemberId + "/x"),
                noEventId,
                new Dictionary<string, object?> { ["event"] = "spamreport", ["memberId"] = 42, ["sg_event_id"] = NewEventId() },
                "not an event",
                new[] { 1, 2 }),
            signer);

        Assert.Equal(200, response.Status);
        Assert.Equal((8, 0, 8), (response.Count("received"), response.Count("applied"), response.Count("ignored")));
        var stored = (await MemberByEmailAsync(app, member.Email))!;
        Assert.Equal(member.ETag, stored.ETag);
        Assert.Equal(0, await RowCountAsync(app, "EmailEvents"));
    }

    [Theory]
    [InlineData("open")]
    [InlineData("click")]
    [InlineData("deferred")]
    [InlineData("group_resubscribe")]
    [InlineData("processed")]
    public async Task AcknowledgesWithoutEffectWhenTheEventChangesNothing(string name)
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);
        var (member, _) = await ConfirmedMemberAsync(app);

        // "processed" of a transactional email: no issue or batch to settle.
        var response = await PostAsync(app, Body(Event(name, member.MemberId)), signer);

        Assert.Equal((200, 1), (response.Status, response.Count("ignored")));
        Assert.Equal(member.ETag, (await MemberByEmailAsync(app, member.Email))!.ETag);
        Assert.Equal(0, await RowCountAsync(app, "EmailEvents"));
    }

    [Fact]
    public async Task LogsNoAddressOrReasonWhenEventsAreReceived()
    {
        using var signer = new SendGridSigner();
        using var impostor = new SendGridSigner();
        await using var app = CreateApp(storage, signer);
        var (member, _) = await ConfirmedMemberAsync(app);
        var (other, _) = await ConfirmedMemberAsync(app, "kwame.mensah@example.org");
        var events = Body(
            Event("bounce", member.MemberId, member.Email, type: "bounce"),
            Event("bounce", other.MemberId, other.Email, type: "blocked"),
            Event("unsubscribe", other.MemberId, other.Email),
            Event("spamreport", MemberStore.NewMemberId(), "unknown.person@example.org"));

        await PostAsync(app, events, signer);
        await PostAsync(app, events, signer);
        await PostAsync(app, events, impostor);

        var logged = string.Join("\n", app.Logs.Entries.Select(e => e.AllText));
        Assert.Contains(member.MemberId, logged, StringComparison.Ordinal);
        Assert.DoesNotContain("@example.org", logged, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("User unknown", logged, StringComparison.Ordinal);
        var eventRows = new System.Text.StringBuilder();
        await foreach (var row in app.Table("EmailEvents").QueryAsync<Azure.Data.Tables.TableEntity>(cancellationToken: Ct))
        {
            eventRows.AppendJoin(' ', row.Select(p => p.Value)).AppendLine();
        }

        Assert.DoesNotContain("@", eventRows.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("User unknown", eventRows.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Clears an event row's AppliedAt, as if the process died just before marking it.</summary>
    private static async Task UnmarkAsync(TestApp app, string memberId, string eventId)
    {
        var table = app.Table("EmailEvents");
        var row = (await table.GetEntityAsync<EmailEventEntity>(memberId, EmailEventStore.RowKeyOf(eventId), cancellationToken: Ct)).Value;
        Assert.NotNull(row.AppliedAt);
        row.AppliedAt = null;
        await table.UpdateEntityAsync(row, row.ETag, Azure.Data.Tables.TableUpdateMode.Replace, Ct);
    }
}
