using System.Globalization;
using System.Net;

namespace CoP.Shared.Newsletter.Delivery;

/// <summary>
/// When SendGrid says how long to wait, the retry waits that long: <c>Retry-After</c> (seconds or a date), or
/// <c>X-RateLimit-Reset</c> (the Unix time the rate limit resets). Otherwise the exponential backoff decides.
/// </summary>
public static class NewsletterRetryDelays
{
    /// <summary>Cap on one wait, so that a wrong header cannot stall a run.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(60);

    public static bool IsRetried(HttpResponseMessage? response) =>
        response is not null && (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500);

    /// <summary>The wait the response asks for, or null for the backoff's own delay.</summary>
    public static TimeSpan? FromHeaders(HttpResponseMessage? response, DateTimeOffset now)
    {
        if (response is null)
        {
            return null;
        }

        TimeSpan? wait = null;
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            wait = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : null);
        }
        else if (response.Headers.TryGetValues("X-RateLimit-Reset", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var resetAt))
        {
            wait = DateTimeOffset.FromUnixTimeSeconds(resetAt) - now;
        }

        return wait is null ? null : wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxDelay ? MaxDelay : wait;
    }
}
