using System.Net;
using CoP.Shared.Email;
using CoP.TestSupport;

namespace CoP.Tests.Email;

public sealed class SendGridEmailSenderTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendsEnvelopeBothContentsCategoryCustomArgsAndHeadersWhenSendGridAccepts()
    {
        await using var server = await FakeSendGridServer.StartAsync(Cancellation);
        await using var email = EmailTestServices.ForSendGrid(server, new Dictionary<string, string?>
        {
            ["Email:FromName"] = "Climate-Soil CoP",
            ["Email:ReplyToAddress"] = "help@localhost.test",
        });
        var message = EmailTestServices.Message();

        var receipt = await email.Sender.SendAsync(message, Cancellation);

        Assert.Equal("fake-message-1", receipt.ProviderMessageId);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal(FakeSendGridServer.MailSendPath, request.Path);
        Assert.Equal($"Bearer {EmailTestServices.ApiKey}", request.Authorization);
        var json = Assert.NotNull(request.Json);
        Assert.Equal("community@localhost.test", json.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal("Climate-Soil CoP", json.GetProperty("from").GetProperty("name").GetString());
        Assert.Equal("help@localhost.test", json.GetProperty("reply_to").GetProperty("email").GetString());
        Assert.Equal(message.Subject, json.GetProperty("subject").GetString());
        var personalization = Assert.Single(json.GetProperty("personalizations").EnumerateArray());
        var to = Assert.Single(personalization.GetProperty("to").EnumerateArray());
        Assert.Equal(message.To.Address, to.GetProperty("email").GetString());
        Assert.Equal(message.To.DisplayName, to.GetProperty("name").GetString());
        Assert.Equal("m-0001", personalization.GetProperty("custom_args").GetProperty("memberId").GetString());
        Assert.Equal(message.Headers["List-Unsubscribe"], personalization.GetProperty("headers").GetProperty("List-Unsubscribe").GetString());
        var contents = json.GetProperty("content").EnumerateArray().ToDictionary(c => c.GetProperty("type").GetString()!, c => c.GetProperty("value").GetString());
        Assert.Equal(message.TextBody, contents["text/plain"]);
        Assert.Equal(message.HtmlBody, contents["text/html"]);
        Assert.Equal(["confirmation"], json.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task WaitsForRetryAfterThenSucceedsWhenSendGridAnswers429Once()
    {
        await using var server = await FakeSendGridServer.StartAsync(Cancellation);
        server.Enqueue(FakeSendGridResponse.TooManyRequests(retryAfterSeconds: 1));
        await using var email = EmailTestServices.ForSendGrid(server);

        var receipt = await email.Sender.SendAsync(EmailTestServices.Message(), Cancellation);

        Assert.Equal("fake-message-2", receipt.ProviderMessageId);
        var requests = server.Requests;
        Assert.Equal(2, requests.Count);

        // The retry base delay is 10 ms here, so only Retry-After explains a gap of a second. A timer may fire up
        // to one tick of the system clock early, hence the small allowance.
        var gap = requests[1].ReceivedAfter - requests[0].ReceivedAfter;
        Assert.True(gap >= TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(20), $"The retry came {gap.TotalMilliseconds} ms after the 429.");
        Assert.Equal(requests[0].Body, requests[1].Body);
    }

    [Fact]
    public async Task RetriesThenSucceedsWhenSendGridAnswers500Once()
    {
        await using var server = await FakeSendGridServer.StartAsync(Cancellation);
        server.Enqueue(FakeSendGridResponse.ServerError);
        await using var email = EmailTestServices.ForSendGrid(server);

        var receipt = await email.Sender.SendAsync(EmailTestServices.Message(), Cancellation);

        Assert.Equal("fake-message-2", receipt.ProviderMessageId);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task RetriesThenSucceedsWhenSendGridIsUnavailableForTwoRequests()
    {
        await using var server = await FakeSendGridServer.StartAsync(Cancellation);
        server.RespondBy(number => number <= 2 ? FakeSendGridResponse.ServiceUnavailable : null);
        await using var email = EmailTestServices.ForSendGrid(server);

        var receipt = await email.Sender.SendAsync(EmailTestServices.Message(), Cancellation);

        Assert.Equal("fake-message-3", receipt.ProviderMessageId);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task ThrowsWithTheStatusAfterMaxRetriesPlusOneAttemptsWhenSendGridKeepsAnswering500()
    {
        await using var server = await FakeSendGridServer.StartAsync(Cancellation);
        server.RespondBy(_ => FakeSendGridResponse.ServerError);
        await using var email = EmailTestServices.ForSendGrid(server, new Dictionary<string, string?> { ["Email:MaxRetries"] = "3" });

        var failure = await Assert.ThrowsAsync<EmailDeliveryException>(() => email.Sender.SendAsync(EmailTestServices.Message(), Cancellation));

        Assert.Equal(HttpStatusCode.InternalServerError, failure.StatusCode);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task NeverRepeatsAnAttemptThatTimedOutBecauseSendGridMayHaveAcceptedIt()
    {
        await using var server = await FakeSendGridServer.StartAsync(Cancellation);
        server.RespondBy(_ => FakeSendGridResponse.Hang(TimeSpan.FromSeconds(30)));
        await using var email = EmailTestServices.ForSendGrid(server, new Dictionary<string, string?>
        {
            ["Email:RequestTimeout"] = "00:00:00.300",
            ["Email:MaxRetries"] = "3",
        });

        var failure = await Assert.ThrowsAsync<EmailDeliveryException>(() => email.Sender.SendAsync(EmailTestServices.Message(), Cancellation));

        // No status: the outcome is unknown, and the mail's delivery ledger decides what happens next.
        Assert.Null(failure.StatusCode);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task ThrowsAfterOneAttemptWhenSendGridAnswers400()
    {
        await using var server = await FakeSendGridServer.StartAsync(Cancellation);
        server.RespondBy(_ => FakeSendGridResponse.BadRequest);
        await using var email = EmailTestServices.ForSendGrid(server);

        var failure = await Assert.ThrowsAsync<EmailDeliveryException>(() => email.Sender.SendAsync(EmailTestServices.Message(), Cancellation));

        Assert.Equal(HttpStatusCode.BadRequest, failure.StatusCode);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData("ada@example.org", "m-0001")]
    [InlineData("confirmation", "ada@example.org")]
    public async Task RefusesWithoutSendingWhenCategoryOrCustomArgsHoldAnAddress(string category, string memberId)
    {
        await using var server = await FakeSendGridServer.StartAsync(Cancellation);
        await using var email = EmailTestServices.ForSendGrid(server);

        var failure = await Assert.ThrowsAsync<ArgumentException>(() => email.Sender.SendAsync(EmailTestServices.Message(category, memberId), Cancellation));

        Assert.DoesNotContain("ada@example.org", failure.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task NoLogLineContainsTheRecipientOrTheKeyWhenSendingSucceedsAndFails()
    {
        await using var server = await FakeSendGridServer.StartAsync(Cancellation);
        await using var email = EmailTestServices.ForSendGrid(server, new Dictionary<string, string?> { ["Email:MaxRetries"] = "1" });
        var message = EmailTestServices.Message();

        await email.Sender.SendAsync(message, Cancellation);
        server.Enqueue(FakeSendGridResponse.BadRequest);
        await Assert.ThrowsAsync<EmailDeliveryException>(() => email.Sender.SendAsync(message, Cancellation));
        server.Enqueue(FakeSendGridResponse.ServerError, count: 2);
        await Assert.ThrowsAsync<EmailDeliveryException>(() => email.Sender.SendAsync(message, Cancellation));

        var lines = email.Logs.Entries.Select(e => e.AllText).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, line =>
        {
            Assert.DoesNotContain(message.To.Address, line, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Lovelace", line, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(EmailTestServices.ApiKey, line, StringComparison.Ordinal);
        });

        // The fake's error answers echoed the request, addresses included, and none of it reached a log line; the
        // recipient can still be followed across lines, by member id.
        Assert.Contains(lines, line => line.Contains(message.CustomArgs["memberId"], StringComparison.Ordinal));
    }
}
