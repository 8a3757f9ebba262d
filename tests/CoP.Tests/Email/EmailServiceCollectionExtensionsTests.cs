using CoP.Shared.Email;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CoP.Tests.Email;

public sealed class EmailServiceCollectionExtensionsTests(StorageFixture storage)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ResolvesTheLocalOutboxWhenTheTransportIsOutboxEvenWithAKey()
    {
        await using var email = EmailTestServices.Create(new Dictionary<string, string?> { ["Email:Transport"] = "Outbox", ["Email:SendGridApiKey"] = EmailTestServices.ApiKey });

        Assert.IsType<LocalOutboxEmailSender>(email.Sender);
    }

    [Fact]
    public async Task ResolvesSendGridWhenTheTransportIsSendGrid()
    {
        await using var email = EmailTestServices.Create(new Dictionary<string, string?> { ["Email:Transport"] = "SendGrid", ["Email:SendGridApiKey"] = EmailTestServices.ApiKey });

        Assert.IsType<SendGridEmailSender>(email.Sender);
    }

    [Theory]
    [InlineData("")]
    [InlineData("@Microsoft.KeyVault(VaultName=kv-cop;SecretName=sendgrid-api-key)")]
    public async Task SendGridWithoutAUsableKeyFailsClosedAndNeverFallsBackToTheOutbox(string key)
    {
        await using var email = EmailTestServices.Create(new Dictionary<string, string?> { ["Email:Transport"] = "SendGrid", ["Email:SendGridApiKey"] = key });
        var message = new EmailMessage(new EmailAddress("amina@example.org"), "Hello", "<p>Hello</p>", "Hello", "test", new Dictionary<string, string>(), new Dictionary<string, string>());

        var failure = await Assert.ThrowsAsync<EmailDeliveryException>(() => email.Sender.SendAsync(message, TestContext.Current.CancellationToken));

        Assert.IsType<SendGridEmailSender>(email.Sender);
        Assert.Contains("Email__SendGridApiKey", failure.Message, StringComparison.Ordinal);
        Assert.Empty(LocalOutbox.ReadAll(email.OutboxPath));
    }

    [Fact]
    public async Task NeverWritesPersonalLinksToTheLocalOutboxWhenTheAppRunsInAzure()
    {
        // As deployed before the operator stores the SendGrid key: the Key Vault reference arrives unresolved.
        await using var app = TestApp.Create(storage, new Dictionary<string, string?>
        {
            [CoP.Shared.Hosting.HostingEnvironment.SiteNameVariable] = "cop-func-7f3a",
            ["Email:Transport"] = "SendGrid",
            ["Email:SendGridApiKey"] = "@Microsoft.KeyVault(VaultName=kv-cop;SecretName=sendgrid-api-key)",
            ["Privacy:HashKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Privacy:BallotKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Tokens:Keys:k1"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        });

        await Members.MemberTestFlows.RegisterAsync(app, Members.MemberTestFlows.Registration());

        // The outbox is a development convenience: on an instance it keeps addresses and working links on disk, and
        // every registration there is answered "check your inbox" while nothing is sent. The mail waits instead.
        Assert.Empty(Members.MemberTestFlows.Outbox(app));
        Assert.Equal(1, await app.QueuedMailCountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ComposesAndDeliversToTheOutboxThroughTheAppsOwnGraph()
    {
        await using var app = TestApp.Create(storage);
        var composer = app.Get<EmailComposer>();
        var composed = composer.Compose(EmailTemplate.AccessLink, "fr", new { AccessUrl = "https://cop.example.org/m?token=t", ExpiresInMinutes = 60 });

        await app.Get<IEmailSender>().SendAsync(
            new EmailMessage(
                new EmailAddress("member@example.org"),
                composed.Subject,
                composed.HtmlBody,
                composed.TextBody,
                "access-link",
                new Dictionary<string, string> { ["memberId"] = "m-42" },
                new Dictionary<string, string>()),
            Cancellation);

        var stored = Assert.Single(LocalOutbox.ReadAll(app.OutboxPath));
        Assert.Equal("Votre lien personnel vers la Climate-Soil Community of Practice", stored.Subject);
        Assert.Contains("https://cop.example.org/m?token=t", stored.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartFailsNamingEmailFromAddressWhenItIsMissing()
    {
        using var host = BuildHost(new Dictionary<string, string?> { ["Email:FromAddress"] = null });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Cancellation));

        Assert.Contains("Email__FromAddress", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Email:FromAddress", "not-an-address", "Email__FromAddress")]
    [InlineData("Email:FromAddress", "Community <community@example.org>", "Email__FromAddress")]
    [InlineData("Email:ReplyToAddress", "help at example.org", "Email__ReplyToAddress")]
    [InlineData("Email:SendGridHost", "/v3", "Email__SendGridHost")]
    [InlineData("Email:SendGridHost", "ftp://api.sendgrid.com", "Email__SendGridHost")]
    [InlineData("Email:RequestTimeout", "00:00:00", "Email__RequestTimeout")]
    [InlineData("Email:MaxRetries", "-1", "Email__MaxRetries")]
    [InlineData("Email:MaxRetries", "11", "Email__MaxRetries")]
    [InlineData("Email:RetryBaseDelay", "00:05:00", "Email__RetryBaseDelay")]
    [InlineData("Email:CommunityName", " ", "Email__CommunityName")]
    [InlineData("Email:SendGridApiKey", "SG.two words", "Email__SendGridApiKey")]
    public async Task StartFailsNamingTheMalformedEmailSetting(string key, string value, string expectedName)
    {
        using var host = BuildHost(new Dictionary<string, string?> { [key] = value });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Cancellation));

        Assert.Contains(expectedName, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartSucceedsWithSendGridSettings()
    {
        using var host = BuildHost(new Dictionary<string, string?>
        {
            ["Email:SendGridApiKey"] = EmailTestServices.ApiKey,
            ["Email:ReplyToAddress"] = "help@localhost.test",
        });

        await host.StartAsync(Cancellation);
        await host.StopAsync(Cancellation);
    }

    private static IHost BuildHost(Dictionary<string, string?> settings) => TestHosts.Build(settings);
}
