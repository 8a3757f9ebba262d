using Microsoft.Extensions.Options;

namespace CoP.Shared.Polls;

/// <summary>Settings of polls (section <c>Polls</c>).</summary>
public sealed class PollOptions
{
    public const string SectionName = "Polls";

    /// <summary>How long a closed poll is still listed by <c>GET /api/polls</c>.</summary>
    public int RecentlyClosedDays { get; set; } = 30;

    /// <summary>Where browser form posts of a ballot are redirected (303); empty answers a small HTML page.</summary>
    public Uri? BallotCastPageUrl { get; set; }

    /// <summary>
    /// How long an instance answers a poll's results from its last count before counting the ballots again: a ballot
    /// shows in every instance's results within this time, and at once in the results of the instance that recorded it.
    /// Zero counts on every request.
    /// </summary>
    public TimeSpan ResultsCacheDuration { get; set; } = TimeSpan.FromSeconds(2);
}

public sealed class PollOptionsValidator : IValidateOptions<PollOptions>
{
    private static readonly TimeSpan MaxResultsCacheDuration = TimeSpan.FromMinutes(1);

    public ValidateOptionsResult Validate(string? name, PollOptions options)
    {
        var failures = new List<string>();
        if (options.RecentlyClosedDays is < 0 or > 3650)
        {
            failures.Add("Polls__RecentlyClosedDays must be between 0 and 3650.");
        }

        if (options.BallotCastPageUrl is { } url
            && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))))
        {
            failures.Add("Polls__BallotCastPageUrl must be an absolute https URL (http only for localhost).");
        }

        if (options.ResultsCacheDuration < TimeSpan.Zero || options.ResultsCacheDuration > MaxResultsCacheDuration)
        {
            failures.Add("Polls__ResultsCacheDuration must be between 00:00:00 and 00:01:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
