using System.Text;
using CoP.Shared.EmailEvents;
using CoP.TestSupport;
using Microsoft.Extensions.Logging;
using static CoP.Tests.EmailEvents.EmailEventTestFlows;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.EmailEvents;

/// <summary>Who gets in: only posts signed by SendGrid's key, recently, with a body of events.</summary>
public sealed class ReceiveEmailEventsTests(StorageFixture storage)
{
    [Fact]
    public async Task AppliesTheEventsWhenTheSignatureIsValid()
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);
        var (member, _) = await ConfirmedMemberAsync(app);

        var response = await PostAsync(app, Body(Event("bounce", member.MemberId, type: "bounce")), signer);

        Assert.Equal(200, response.Status);
        Assert.Equal(1, response.Count("received"));
        Assert.Equal(1, response.Count("applied"));
        Assert.Equal("bounce", (await MemberByEmailAsync(app, member.Email))!.NewsletterSuppressed);
    }

    [Fact]
    public async Task RefusesWithUnauthorizedAndChangesNothingWhenTheBodyIsTampered()
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);
        var (member, _) = await ConfirmedMemberAsync(app);
        var signedBody = Encoding.UTF8.GetBytes(Body(Event("open", member.MemberId)));
        var (timestamp, signature) = signer.Sign(signedBody, DateTimeOffset.UtcNow);
        var tampered = Encoding.UTF8.GetBytes(Body(Event("spamreport", member.MemberId)));
        var request = TestRequests.Bytes(app.Services, "POST", "/api/email-events", tampered, "application/json")
            .WithHeader(EmailEventSignature.TimestampHeader, timestamp)
            .WithHeader(EmailEventSignature.SignatureHeader, signature);

        var response = await SendAsync(app, request);

        Assert.Equal(401, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        await AssertUnchangedAsync(app, member);
    }

    [Fact]
    public async Task RefusesWithUnauthorizedWhenTheTimestampIsNotTheSignedOne()
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);
        var (member, _) = await ConfirmedMemberAsync(app);
        var body = Encoding.UTF8.GetBytes(Body(Event("dropped", member.MemberId)));
        var (timestamp, signature) = signer.Sign(body, DateTimeOffset.UtcNow);
        var request = TestRequests.Bytes(app.Services, "POST", "/api/email-events", body, "application/json")
            .WithHeader(EmailEventSignature.TimestampHeader, (long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithHeader(EmailEventSignature.SignatureHeader, signature);

        Assert.Equal(401, (await SendAsync(app, request)).Status);
        await AssertUnchangedAsync(app, member);
    }

    [Fact]
    public async Task RefusesWithUnauthorizedAndChangesNothingWhenSignedByAnotherKey()
    {
        using var signer = new SendGridSigner();
        using var impostor = new SendGridSigner();
        await using var app = CreateApp(storage, signer);
        var (member, _) = await ConfirmedMemberAsync(app);

        var response = await PostAsync(app, Body(Event("spamreport", member.MemberId)), impostor);

        Assert.Equal(401, response.Status);
        await AssertUnchangedAsync(app, member);
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(nameof(SignatureCheck.BadSignature), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-10)]
    [InlineData(10)]
    public async Task RefusesWithUnauthorizedWhenTheTimestampIsFurtherThanMaxAgeFromNow(int minutes)
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);
        var (member, _) = await ConfirmedMemberAsync(app);

        var response = await PostAsync(app, Body(Event("spamreport", member.MemberId)), signer, DateTimeOffset.UtcNow.AddMinutes(minutes));

        Assert.Equal(401, response.Status);
        Assert.Contains("too old or in the future", response.Body, StringComparison.Ordinal);
        await AssertUnchangedAsync(app, member);
    }

    [Fact]
    public async Task AcceptsATimestampWhenItIsWithinMaxAge()
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer, new Dictionary<string, string?> { ["EmailEvents:MaxAge"] = "00:20:00" });

        var response = await PostAsync(app, Body(Event("open", memberId: null)), signer, DateTimeOffset.UtcNow.AddMinutes(-10));

        Assert.Equal(200, response.Status);
    }

    [Theory]
    [InlineData(null, "sig")]
    [InlineData("ts", null)]
    [InlineData("", "")]
    [InlineData("ts", "not base64!")]
    [InlineData("ts", "AAAA")]
    [InlineData("12.5", "sig")]
    [InlineData("-1", "sig")]
    public async Task RefusesWithUnauthorizedWhenAHeaderIsMissingOrMalformed(string? timestamp, string? signature)
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);
        var (member, _) = await ConfirmedMemberAsync(app);
        var body = Encoding.UTF8.GetBytes(Body(Event("spamreport", member.MemberId)));
        var (goodTimestamp, goodSignature) = signer.Sign(body, DateTimeOffset.UtcNow);
        var request = TestRequests.Bytes(app.Services, "POST", "/api/email-events", body, "application/json");
        if (timestamp is not null)
        {
            request.WithHeader(EmailEventSignature.TimestampHeader, timestamp == "ts" ? goodTimestamp : timestamp);
        }

        if (signature is not null)
        {
            request.WithHeader(EmailEventSignature.SignatureHeader, signature == "sig" ? goodSignature : signature);
        }

        Assert.Equal(401, (await SendAsync(app, request)).Status);
        await AssertUnchangedAsync(app, member);
    }

    [Fact]
    public async Task RefusesWithUnauthorizedAndLogsAWarningWhenNoKeyIsConfigured()
    {
        using var signer = new SendGridSigner();
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);

        var response = await PostAsync(app, Body(Event("spamreport", member.MemberId)), signer);

        Assert.Equal(401, response.Status);
        Assert.Contains("not configured", response.Json().GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.False(app.Get<EmailEventReceiver>().IsConfigured);
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("EmailEvents__PublicKey", StringComparison.Ordinal));
        await AssertUnchangedAsync(app, member);
    }

    [Theory]
    [InlineData("[{\"event\":\"spamreport\",")]
    [InlineData("{\"event\":\"spamreport\"}")]
    [InlineData("\"spamreport\"")]
    [InlineData("")]
    [InlineData("[1,2] [3]")]
    public async Task RefusesWithBadRequestAndChangesNothingWhenTheSignedBodyIsNotAJsonArray(string body)
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);
        var (member, _) = await ConfirmedMemberAsync(app);

        var response = await PostAsync(app, body.Replace("spamreport", $"spamreport\",\"memberId\":\"{member.MemberId}", StringComparison.Ordinal), signer);

        Assert.Equal(400, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        await AssertUnchangedAsync(app, member);
    }

    [Fact]
    public async Task RefusesWithBadRequestWhenTheSignedBodyIsNotUtf8()
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);

        var response = await PostAsync(app, [.. "[{\"event\":\""u8, 0xC3, 0x28, .. "\"}]"u8], signer);

        Assert.Equal(400, response.Status);
    }

    [Fact]
    public async Task RefusesWithPayloadTooLargeAndChangesNothingWhenTheBodyExceedsMaxBodyBytes()
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer, new Dictionary<string, string?> { ["EmailEvents:MaxBodyBytes"] = "2048" });
        var (member, _) = await ConfirmedMemberAsync(app);
        var events = Enumerable.Range(0, 20).Select(_ => (object)Event("spamreport", member.MemberId)).ToArray();

        var response = await PostAsync(app, Body(events), signer);

        Assert.Equal(413, response.Status);
        await AssertUnchangedAsync(app, member);
    }

    [Fact]
    public async Task AcknowledgesAnEmptyArrayWhenSigned()
    {
        using var signer = new SendGridSigner();
        await using var app = CreateApp(storage, signer);

        var response = await PostAsync(app, "[]", signer);

        Assert.Equal(200, response.Status);
        Assert.Equal(0, response.Count("received"));
    }

    private static async Task AssertUnchangedAsync(TestApp app, CoP.Shared.Members.MemberEntity before)
    {
        var after = (await MemberByEmailAsync(app, before.Email))!;
        Assert.Equal(before.ETag, after.ETag);
        Assert.Null(after.NewsletterSuppressed);
        Assert.Equal(0, await RowCountAsync(app, "EmailEvents"));
    }
}
