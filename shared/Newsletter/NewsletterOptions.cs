using CoP.Shared.Hosting;
using CoP.Shared.Newsletter.Issues;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Newsletter;

/// <summary>
/// Settings of the newsletter (section <c>Newsletter</c>, app settings <c>Newsletter__*</c>), plus the timer's
/// schedule, which the host reads from the top-level <c>NewsletterSchedule</c>.
/// </summary>
public sealed class NewsletterOptions
{
    public const string SectionName = "Newsletter";

    /// <summary>The app setting the timer trigger binds to (<c>%NewsletterSchedule%</c>).</summary>
    public const string ScheduleSetting = "NewsletterSchedule";

    public const string DefaultSchedule = "0 0 8 * * 1";

    /// <summary>Six-field NCRONTAB in UTC (seconds first): weekly on Monday 08:00 by default.</summary>
    public string Schedule { get; set; } = DefaultSchedule;

    /// <summary>No issue when nothing is new (no document, poll or note since the previous issue).</summary>
    public bool SkipWhenNothingNew { get; set; } = true;

    /// <summary>
    /// How long before composing an issue its period ends: a document published just before would otherwise be
    /// listed only after the issue was composed, and fall between two issues. It goes into the next one instead.
    /// </summary>
    public TimeSpan PublishDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A scheduled run that starts later than this after its slot holds the issue and alerts the admin.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Where alerts and reports go (held issues, batches of unknown outcome); empty: the log only.</summary>
    public string? AdminEmail { get; set; }

    /// <summary>Recipients per SendGrid request (one personalization each); SendGrid takes at most 1,000.</summary>
    public int BatchSize { get; set; } = MaxBatchSize;

    /// <summary>SendGrid requests in flight at once.</summary>
    public int MaxParallelRequests { get; set; } = 4;

    /// <summary>How long one attempt of a batch request may take before its outcome counts as unknown.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries of a batch that SendGrid answered 429 or 5xx (never of one that timed out).</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>First backoff delay when SendGrid gives no Retry-After or X-RateLimit-Reset.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A batch whose outcome is unknown (its request timed out or the run died during it) and for which the
    /// Event Webhook reported nothing after this long counts as not accepted and is sent again. Applies only
    /// when the webhook is configured; without it such batches are reported to the admin instead.
    /// </summary>
    public TimeSpan UnknownOutcomeWait { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The <c>List-Id</c> header's identifier; empty: <c>newsletter.</c> plus the app's host name.</summary>
    public string? ListId { get; set; }

    /// <summary>At most this many documents per issue (the newest); the archive links to the rest.</summary>
    public int MaxDocuments { get; set; } = 30;

    /// <summary>At most this many open polls per issue (closing soonest first).</summary>
    public int MaxPolls { get; set; } = 10;

    public const int MaxBatchSize = 1000;
}

public sealed class NewsletterOptionsValidator : IValidateOptions<NewsletterOptions>
{
    public ValidateOptionsResult Validate(string? name, NewsletterOptions options)
    {
        var failures = new List<string>();
        if (!NewsletterSchedule.TryParse(options.Schedule, out _))
        {
            failures.Add(TimerSchedule.Invalid(NewsletterOptions.ScheduleSetting, NewsletterOptions.DefaultSchedule));
        }

        if (options.StaleAfter < TimeSpan.FromMinutes(1))
        {
            failures.Add("Newsletter__StaleAfter must be at least 00:01:00.");
        }

        if (!string.IsNullOrWhiteSpace(options.AdminEmail) && Members.MemberRules.CheckEmail(options.AdminEmail, out _) is not null)
        {
            failures.Add("Newsletter__AdminEmail must be an email address (or empty).");
        }

        if (options.PublishDelay < TimeSpan.Zero || options.PublishDelay > TimeSpan.FromHours(1))
        {
            failures.Add("Newsletter__PublishDelay must be between 00:00:00 and 01:00:00.");
        }

        if (options.BatchSize is < 1 or > NewsletterOptions.MaxBatchSize)
        {
            failures.Add($"Newsletter__BatchSize must be between 1 and {NewsletterOptions.MaxBatchSize} (SendGrid's limit of personalizations per request).");
        }

        if (options.MaxParallelRequests is < 1 or > 32)
        {
            failures.Add("Newsletter__MaxParallelRequests must be between 1 and 32.");
        }

        if (options.RequestTimeout < TimeSpan.FromMilliseconds(100) || options.RequestTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add("Newsletter__RequestTimeout must be between 00:00:00.100 and 00:05:00.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add("Newsletter__MaxRetries must be between 0 and 10.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.RetryBaseDelay > TimeSpan.FromMinutes(1))
        {
            failures.Add("Newsletter__RetryBaseDelay must be between 00:00:00 and 00:01:00.");
        }

        if (options.UnknownOutcomeWait < TimeSpan.Zero)
        {
            failures.Add("Newsletter__UnknownOutcomeWait must not be negative.");
        }

        if (!string.IsNullOrWhiteSpace(options.ListId) && !IsListIdentifier(options.ListId.Trim()))
        {
            failures.Add("Newsletter__ListId must look like a domain name, e.g. newsletter.example.org (RFC 2919).");
        }

        if (options.MaxDocuments is < 1 or > 100)
        {
            failures.Add("Newsletter__MaxDocuments must be between 1 and 100.");
        }

        if (options.MaxPolls is < 1 or > 20)
        {
            failures.Add("Newsletter__MaxPolls must be between 1 and 20.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsListIdentifier(string value) =>
        value.Length <= 200 && value.Contains('.', StringComparison.Ordinal)
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-')
        && !value.StartsWith('.') && !value.EndsWith('.');
}
