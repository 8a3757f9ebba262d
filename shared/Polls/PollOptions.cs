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
}

public sealed class PollOptionsValidator : IValidateOptions<PollOptions>
{
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

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
