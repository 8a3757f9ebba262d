using System.Text.Json;
using CoP.Shared.Email;

namespace CoP.Tests.Email;

public sealed class LocalOutboxEmailSenderTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WritesHtmlTextAndAJsonIndexThatAPersonAndATestCanReadWhenNoApiKeyIsSet()
    {
        await using var email = EmailTestServices.Create();
        var message = EmailTestServices.Message();

        var receipt = await email.Sender.SendAsync(message, Cancellation);

        var stored = Assert.Single(LocalOutbox.ReadAll(email.OutboxPath));
        Assert.Equal(receipt.ProviderMessageId, stored.Id);
        Assert.Equal(message.HtmlBody, await File.ReadAllTextAsync(stored.HtmlPath, Cancellation));
        Assert.Equal(message.TextBody, await File.ReadAllTextAsync(stored.TextPath, Cancellation));
        Assert.EndsWith(".html", stored.HtmlPath, StringComparison.Ordinal);
        Assert.EndsWith(".txt", stored.TextPath, StringComparison.Ordinal);
        Assert.Equal(message.To, stored.To);
        Assert.Equal("community@localhost.test", stored.From.Address);
        Assert.Equal(message.Subject, stored.Subject);
        Assert.Equal(message.Category, stored.Category);
        Assert.Equal(message.CustomArgs, stored.CustomArgs);
        Assert.Equal(message.Headers, stored.Headers);

        using var index = JsonDocument.Parse(await File.ReadAllTextAsync(stored.IndexPath, Cancellation));
        Assert.Equal(message.To.Address, index.RootElement.GetProperty("to").GetProperty("address").GetString());
        Assert.Equal(message.Subject, index.RootElement.GetProperty("subject").GetString());
        Assert.Equal("confirmation", index.RootElement.GetProperty("category").GetString());
        Assert.Equal("m-0001", index.RootElement.GetProperty("customArgs").GetProperty("memberId").GetString());
        Assert.Equal(message.Headers["List-Unsubscribe"], index.RootElement.GetProperty("headers").GetProperty("List-Unsubscribe").GetString());
    }

    [Fact]
    public async Task KeepsEveryMessageCompleteWhenManyAreSentAtOnce()
    {
        await using var email = EmailTestServices.Create();

        var receipts = await Task.WhenAll(Enumerable.Range(0, 25).Select(i =>
            email.Sender.SendAsync(EmailTestServices.Message(memberId: $"m-{i:D4}"), Cancellation)));

        var stored = LocalOutbox.ReadAll(email.OutboxPath);
        Assert.Equal(25, stored.Count);
        Assert.Equal(receipts.Select(r => r.ProviderMessageId).Order(), stored.Select(s => s.Id).Order());
        Assert.Equal(25, stored.Select(s => s.CustomArgs["memberId"]).Distinct().Count());
        Assert.Empty(Directory.EnumerateFiles(email.OutboxPath, "*.tmp"));
    }

    [Fact]
    public void ReadsNoMessagesWhenTheOutboxDoesNotExist()
    {
        var missing = Path.Combine(Path.GetTempPath(), "cop-outbox-missing-" + Guid.NewGuid().ToString("N"));

        Assert.Empty(LocalOutbox.ReadAll(missing));
    }

    [Fact]
    public async Task WritesNothingWhenTheRecipientIsNotAnAddress()
    {
        await using var email = EmailTestServices.Create();
        var message = EmailTestServices.Message() with { To = new EmailAddress("not an address") };

        await Assert.ThrowsAsync<ArgumentException>(() => email.Sender.SendAsync(message, Cancellation));

        Assert.Empty(LocalOutbox.ReadAll(email.OutboxPath));
    }

    [Fact]
    public async Task NoLogLineContainsTheRecipientWhenWritingToTheOutbox()
    {
        await using var email = EmailTestServices.Create();
        var message = EmailTestServices.Message();

        await email.Sender.SendAsync(message, Cancellation);

        var lines = email.Logs.Entries.Select(e => e.AllText).ToList();
        Assert.Contains(lines, line => line.Contains(message.CustomArgs["memberId"], StringComparison.Ordinal));
        Assert.All(lines, line =>
        {
            Assert.DoesNotContain(message.To.Address, line, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Lovelace", line, StringComparison.OrdinalIgnoreCase);
        });
    }
}
