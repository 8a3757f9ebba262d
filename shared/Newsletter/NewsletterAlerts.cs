using System.Net;
using CoP.Shared.Email;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Newsletter;

/// <summary>
/// Tells the admin when an issue needs a person: it was held (the run came too late) or some batches were
/// refused or have an unknown outcome. Always logged; also emailed when <c>Newsletter__AdminEmail</c> is set.
/// The text holds ids and counts only, no member's data.
/// </summary>
public sealed partial class NewsletterAlerts(
    IEmailSender sender,
    IOptions<NewsletterOptions> options,
    IOptions<EmailOptions> email,
    ILogger<NewsletterAlerts> logger)
{
    public const string Category = "newsletter-alert";

    public async Task AlertAsync(string issueId, string summary, IReadOnlyList<string> details, CancellationToken cancellationToken = default)
    {
        LogAlert(logger, issueId, summary);
        if (string.IsNullOrWhiteSpace(options.Value.AdminEmail))
        {
            return;
        }

        var subject = $"{email.Value.CommunityName} newsletter {issueId}: {summary}";
        var lines = new List<string> { summary, "" };
        lines.AddRange(details);
        var text = string.Join('\n', lines) + '\n';
        var html = "<!DOCTYPE html><html lang=\"en\"><body>" +
            string.Concat(lines.Select(line => $"<p>{WebUtility.HtmlEncode(line)}</p>")) + "</body></html>";
        try
        {
            await sender.SendAsync(
                new EmailMessage(
                    new EmailAddress(options.Value.AdminEmail.Trim()),
                    subject,
                    html,
                    text,
                    Category,
                    new Dictionary<string, string> { ["issueId"] = issueId },
                    new Dictionary<string, string>()),
                cancellationToken);
        }
        catch (EmailDeliveryException exception)
        {
            // The issue's state is recorded already, and the log line above carries the alert.
            LogAlertNotDelivered(logger, exception, issueId);
        }
    }

    [LoggerMessage(EventId = 4020, Level = LogLevel.Warning, Message = "Newsletter {IssueId} needs an admin: {Summary}")]
    private static partial void LogAlert(ILogger logger, string issueId, string summary);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Error, Message = "The admin alert about newsletter {IssueId} could not be emailed")]
    private static partial void LogAlertNotDelivered(ILogger logger, Exception exception, string issueId);
}
