using System.Globalization;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Webhooks;

/// <summary>Outgoing webhooks (section <c>Webhooks</c>, app settings <c>Webhooks__*</c>): timeouts, retries, disabling, rotation.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>The default retry schedule: the Standard Webhooks suggestion, after the first attempt.</summary>
    public const string DefaultRetrySchedule = "00:00:05,00:05:00,00:30:00,02:00:00,05:00:00,10:00:00";

    /// <summary>The longest wait a queue message can be hidden for (Storage Queues allow seven days).</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromDays(7);

    /// <summary>How long one attempt may take, connection included (<c>Webhooks__RequestTimeout</c>).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The waits before the second, third... attempt of a delivery, separated by commas (<c>Webhooks__RetrySchedule</c>);
    /// after the last one fails, the delivery has failed.
    /// </summary>
    public string RetrySchedule { get; set; } = DefaultRetrySchedule;

    /// <summary>Failed deliveries in a row after which a webhook is disabled and the operators told (<c>Webhooks__DisableAfterFailures</c>).</summary>
    public int DisableAfterFailures { get; set; } = 5;

    /// <summary>How long the previous secret still signs after a rotation (<c>Webhooks__SecretRotationOverlap</c>).</summary>
    public TimeSpan SecretRotationOverlap { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The waits of <see cref="RetrySchedule"/>; empty when it cannot be read (start-up validation says so first).</summary>
    public IReadOnlyList<TimeSpan> RetryDelays => ParseSchedule(RetrySchedule) ?? [];

    internal static IReadOnlyList<TimeSpan>? ParseSchedule(string? schedule)
    {
        var delays = new List<TimeSpan>();
        foreach (var part in (schedule ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TimeSpan.TryParse(part, CultureInfo.InvariantCulture, out var delay) || delay < TimeSpan.Zero || delay > MaxRetryDelay)
            {
                return null;
            }

            delays.Add(delay);
        }

        return delays;
    }
}

public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > TimeSpan.FromMinutes(2))
        {
            failures.Add("Webhooks__RequestTimeout must be more than zero and at most 00:02:00.");
        }

        if (WebhookOptions.ParseSchedule(options.RetrySchedule) is not { Count: <= 20 })
        {
            failures.Add($"Webhooks__RetrySchedule must be at most 20 time spans between 00:00:00 and {WebhookOptions.MaxRetryDelay}, separated by commas.");
        }

        if (options.DisableAfterFailures is < 1 or > 1000)
        {
            failures.Add("Webhooks__DisableAfterFailures must be between 1 and 1000.");
        }

        if (options.SecretRotationOverlap < TimeSpan.Zero || options.SecretRotationOverlap > TimeSpan.FromDays(30))
        {
            failures.Add("Webhooks__SecretRotationOverlap must be between 00:00:00 and 30.00:00:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
