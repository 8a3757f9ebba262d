using CoP.Shared.Members;
using CoP.TestSupport;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Members;

/// <summary>Registration with SendGrid configured, against the local fake SendGrid server.</summary>
public sealed class RegistrationThroughSendGridTests(StorageFixture storage)
{
    [Fact]
    public async Task ConfirmationGoesThroughSendGridWithTheMemberIdAndNoPersonalDataInTheMetadata()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        sendGrid.Enqueue(FakeSendGridResponse.TooManyRequests(1));
        await using var app = TestApp.Create(storage, SendGridSettings(sendGrid));

        var response = await RegisterAsync(app, Registration());

        Assert.Equal(202, response.Status);
        Assert.Equal(2, sendGrid.Requests.Count);
        var body = sendGrid.Requests[^1].Body;
        var member = (await MemberByEmailAsync(app, "amina.diallo@example.org"))!;
        Assert.Contains("amina.diallo@example.org", body, StringComparison.Ordinal);
        Assert.Contains(member.MemberId, body, StringComparison.Ordinal);
        Assert.Contains("\"confirmation\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Amina Diallo", body, StringComparison.Ordinal);
        Assert.Empty(app.Outbox());
    }

    [Fact]
    public async Task AFailedSendAnswersTheSameAndTheNextTrySendsAtOnce()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        sendGrid.Enqueue(FakeSendGridResponse.ServerError, count: 3);
        await using var app = TestApp.Create(storage, SendGridSettings(sendGrid));

        var failed = await RegisterAsync(app, Registration());
        var retried = await RegisterAsync(app, Registration());

        Assert.Equal(202, failed.Status);
        Assert.Equal(retried.Body, failed.Body);
        Assert.Equal(4, sendGrid.Requests.Count);
        Assert.Equal(MemberStatus.Pending, (await MemberByEmailAsync(app, "amina.diallo@example.org"))!.MemberStatus);
    }

    [Fact]
    public async Task AccessLinkAnswersTheSameForAKnownAddressWhenSendGridFailsAsForAnUnknownOne()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        await using var app = TestApp.Create(storage, SendGridSettings(sendGrid));
        await RegisterAsync(app, Registration());
        sendGrid.RespondBy(_ => FakeSendGridResponse.ServerError);

        var known = await RequestAccessLinkAsync(app, "amina.diallo@example.org");
        var unknown = await RequestAccessLinkAsync(app, "nobody@example.org");

        Assert.Equal(unknown.Status, known.Status);
        Assert.Equal(unknown.Body, known.Body);
        Assert.Equal(202, known.Status);
    }

    [Fact]
    public async Task AccessLinkRequestsAnswerBeforeAnyMemberIsLookedUpOrAnyMailIsSentForKnownAndUnknownAddressesAlike()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        await using var app = TestApp.Create(storage, SendGridSettings(sendGrid));
        await RegisterAsync(app, Registration());
        var member = (await MemberByEmailAsync(app, "amina.diallo@example.org"))!;
        Assert.Equal(200, (await ConfirmAsync(app, app.Get<MemberTokenService>().Issue(member, TokenPurpose.Confirm))).Status);
        var sentBefore = sendGrid.Requests.Count;

        // SendGrid is slow, as it can be: whoever times the answers must not learn whether an address is a member's.
        sendGrid.RespondBy(_ => FakeSendGridResponse.Hang(TimeSpan.FromSeconds(2)));
        var unknown = await RequestAccessLinkAsync(app, "nobody@example.org", deliver: false);
        var known = await RequestAccessLinkAsync(app, member.Email, deliver: false);

        // Both requests did the same work: each queued one mail and nothing reached SendGrid. What a known address
        // costs (member reads, the allowance, the send) happens later, in DeliverEmail.
        Assert.Equal(unknown.Body, known.Body);
        Assert.Equal(sentBefore, sendGrid.Requests.Count);
        Assert.Equal(2, await app.QueuedMailCountAsync(Ct));
        sendGrid.RespondBy(_ => null);
        await app.DeliverQueuedMailAsync(Ct);
        Assert.Equal("access-link", sendGrid.Requests[^1].Json!.Value.GetProperty("categories")[0].GetString());
        Assert.Equal(sentBefore + 1, sendGrid.Requests.Count);
    }

    internal static Dictionary<string, string?> SendGridSettings(FakeSendGridServer sendGrid) => new()
    {
        ["Email:Transport"] = "SendGrid",
        ["Email:SendGridApiKey"] = "SG.test-key",
        ["Email:SendGridHost"] = sendGrid.BaseAddress.ToString().TrimEnd('/'),
        ["Email:MaxRetries"] = "2",
        ["Email:RetryBaseDelay"] = "00:00:00.050",
        ["Email:RequestTimeout"] = "00:00:05",
    };
}
