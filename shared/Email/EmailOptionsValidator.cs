using CoP.Shared.Hosting;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Email;

/// <summary>Fails start-up with a message that names the app setting to fix.</summary>
public sealed class EmailOptionsValidator(HostingEnvironment hosting) : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var failures = new List<string>();
        if (options.Transport is not { } transport || !Enum.IsDefined(transport))
        {
            failures.Add("Email__Transport is required: SendGrid (in Azure, and wherever mail must really leave) or Outbox (a local folder, for development).");
        }
        else if (transport == EmailTransport.Outbox && hosting.RunsInAzure)
        {
            // An outbox on an Azure instance is a folder nobody reads, on one instance among many: mail would vanish.
            failures.Add("Email__Transport is Outbox, which is refused in Azure: set it to SendGrid and store the key (secret sendgrid-api-key).");
        }

        if (string.IsNullOrWhiteSpace(options.FromAddress))
        {
            failures.Add("Email__FromAddress is required: set it to the address the community's emails come from, e.g. community@example.org.");
        }
        else if (!EmailMessageRules.IsValidAddress(options.FromAddress))
        {
            failures.Add("Email__FromAddress must be a plain email address such as community@example.org (no display name).");
        }

        if (!string.IsNullOrWhiteSpace(options.ReplyToAddress) && !EmailMessageRules.IsValidAddress(options.ReplyToAddress))
        {
            failures.Add("Email__ReplyToAddress must be empty or a plain email address such as help@example.org.");
        }

        if (options.FromName.Any(char.IsControl))
        {
            failures.Add("Email__FromName must not contain control characters.");
        }

        if (string.IsNullOrWhiteSpace(options.CommunityName) || options.CommunityName.Any(char.IsControl))
        {
            failures.Add("Email__CommunityName must be a non-empty name without control characters.");
        }

        if (options.SendGridHost is not { IsAbsoluteUri: true } host || (host.Scheme != Uri.UriSchemeHttps && host.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add("Email__SendGridHost must be an absolute http(s) URI, e.g. https://api.sendgrid.com.");
        }

        if (options.SendGridApiKey is { } key && key.Length > 0 && key.Trim().Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            failures.Add("Email__SendGridApiKey must be empty or a SendGrid API key without spaces.");
        }

        if (string.IsNullOrWhiteSpace(options.OutboxPath) || options.OutboxPath.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            failures.Add("Email__OutboxPath must be a folder path, relative to the current directory or absolute.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > TimeSpan.FromMinutes(2))
        {
            failures.Add("Email__RequestTimeout must be a positive time span of at most 00:02:00.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add("Email__MaxRetries must be between 0 and 10.");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryBaseDelay > TimeSpan.FromMinutes(1))
        {
            failures.Add("Email__RetryBaseDelay must be a positive time span of at most 00:01:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
