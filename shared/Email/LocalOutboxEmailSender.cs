using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Email;

/// <summary>Delivers into the <see cref="LocalOutbox"/> folder: what the app uses when no SendGrid API key is set.</summary>
public sealed partial class LocalOutboxEmailSender(
    IOptions<EmailOptions> options,
    TimeProvider timeProvider,
    ILogger<LocalOutboxEmailSender> logger) : IEmailSender
{
    private readonly EmailOptions _options = options.Value;

    // Resolved once, so that the folder does not move if the process changes its current directory later.
    private readonly string _outboxPath = Path.GetFullPath(options.Value.OutboxPath);

    public async Task<EmailReceipt> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        EmailMessageRules.Validate(message);
        var from = new EmailAddress(_options.FromAddress!, string.IsNullOrWhiteSpace(_options.FromName) ? null : _options.FromName);
        var replyTo = string.IsNullOrWhiteSpace(_options.ReplyToAddress) ? null : _options.ReplyToAddress;
        var id = await LocalOutbox.WriteAsync(_outboxPath, from, replyTo, message, timeProvider.GetUtcNow(), cancellationToken);
        // Recipients appear in logs by member id only: any value derived from the address could be
        // matched against a guessed address.
        var recipient = message.CustomArgs.TryGetValue("memberId", out var memberId) ? memberId : "(no member id)";
        LogWritten(logger, message.Category, recipient, id, _outboxPath);
        return new EmailReceipt(id);
    }

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information,
        Message = "Wrote a {Category} email for recipient {MemberId} to the local outbox as {OutboxMessageId} in {OutboxPath}")]
    private static partial void LogWritten(ILogger logger, string category, string memberId, string outboxMessageId, string outboxPath);
}
