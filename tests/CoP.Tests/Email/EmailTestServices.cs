using CoP.Shared.Email;
using CoP.Shared.Storage;
using CoP.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Tests.Email;

/// <summary>
/// The email area as <see cref="EmailServiceCollectionExtensions.AddCommunityEmail"/> registers it, with every log
/// line captured, its own outbox folder, and short retry delays (a Retry-After is still honoured as sent).
/// </summary>
internal sealed class EmailTestServices : IAsyncDisposable
{
    public const string ApiKey = "SG.fake-key-for-tests";

    private EmailTestServices(ServiceProvider services, CapturingLoggerProvider logs, string outboxPath)
    {
        Services = services;
        Logs = logs;
        OutboxPath = outboxPath;
    }

    public ServiceProvider Services { get; }

    public CapturingLoggerProvider Logs { get; }

    public string OutboxPath { get; }

    public IEmailSender Sender => Services.GetRequiredService<IEmailSender>();

    public EmailComposer Composer => Services.GetRequiredService<EmailComposer>();

    public static EmailTestServices ForSendGrid(FakeSendGridServer server, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Email:Transport"] = "SendGrid",
            ["Email:SendGridApiKey"] = ApiKey,
            ["Email:SendGridHost"] = server.BaseAddress.ToString(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return Create(values);
    }

    public static EmailTestServices Create(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var outboxPath = Path.Combine(Path.GetTempPath(), "cop-outbox-" + Guid.NewGuid().ToString("N"));
        var values = new Dictionary<string, string?>
        {
            ["Email:Transport"] = "Outbox",
            ["Email:FromAddress"] = "community@localhost.test",
            ["Email:OutboxPath"] = outboxPath,
            ["Email:RetryBaseDelay"] = "00:00:00.010",

            // The email area queues mail in storage; these tests never touch the queue, so no account is reached.
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddCommunityStorage(configuration)
            .AddCommunityEmail(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        services.GetRequiredService<IStartupValidator>().Validate();
        return new EmailTestServices(services, logs, outboxPath);
    }

    /// <summary>A message with personal data where personal data belongs (recipient) and ids elsewhere.</summary>
    public static EmailMessage Message(string category = "confirmation", string memberId = "m-0001") => new(
        new EmailAddress("Ada.Lovelace+cop@example.org", "Ada Lovelace"),
        "Please confirm your registration",
        "<!DOCTYPE html><html><body><p>Confirm: <a href=\"https://cop.example.org/c?t=abc\">link</a></p></body></html>",
        "Confirm: https://cop.example.org/c?t=abc\n",
        category,
        new Dictionary<string, string> { ["memberId"] = memberId },
        new Dictionary<string, string> { ["List-Unsubscribe"] = "<https://cop.example.org/api/unsubscribe?token=abc>" });

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (Directory.Exists(OutboxPath))
        {
            Directory.Delete(OutboxPath, recursive: true);
        }
    }
}
