using Microsoft.Extensions.Options;

namespace CoP.Shared.Members;

/// <summary>Settings of registration and member self-service (section <c>Membership</c>).</summary>
public sealed class MembershipOptions
{
    public const string SectionName = "Membership";

    /// <summary>Public base URL of the function app, for links in emails (e.g. https://cop-func.azurewebsites.net).</summary>
    public Uri? PublicApiBaseUrl { get; set; }

    /// <summary>Web page that receives personal access links (<c>?token=</c>); empty links to <c>/api/members/me</c>.</summary>
    public Uri? AccessPageUrl { get; set; }

    /// <summary>Where browser form posts of a registration are redirected (303); empty answers a small HTML page.</summary>
    public Uri? ThankYouPageUrl { get; set; }

    /// <summary>Where a confirmed registration is redirected; empty answers a small HTML page.</summary>
    public Uri? ConfirmedPageUrl { get; set; }

    /// <summary>Where a browser unsubscribe is redirected; empty answers a small HTML page.</summary>
    public Uri? UnsubscribedPageUrl { get; set; }

    /// <summary>A pending registration's confirmation email is sent again at most once per this interval.</summary>
    public TimeSpan ConfirmationResendInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Never more emails than this to one address per hour, whatever is posted.</summary>
    public int MaxEmailsPerAddressPerHour { get; set; } = 5;

    /// <summary>A form posted sooner than this after it was shown (field <c>formStartedAt</c>) is taken for a bot.</summary>
    public TimeSpan MinimumFormFillTime { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Name of the hidden field that people leave empty and bots fill in.</summary>
    public string HoneypotField { get; set; } = "website";
}

public sealed class MembershipOptionsValidator : IValidateOptions<MembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, MembershipOptions options)
    {
        var failures = new List<string>();
        RequireUrl(options.PublicApiBaseUrl, "Membership__PublicApiBaseUrl", required: true, failures);
        RequireUrl(options.AccessPageUrl, "Membership__AccessPageUrl", required: false, failures);
        RequireUrl(options.ThankYouPageUrl, "Membership__ThankYouPageUrl", required: false, failures);
        RequireUrl(options.ConfirmedPageUrl, "Membership__ConfirmedPageUrl", required: false, failures);
        RequireUrl(options.UnsubscribedPageUrl, "Membership__UnsubscribedPageUrl", required: false, failures);
        if (options.ConfirmationResendInterval < TimeSpan.Zero || options.ConfirmationResendInterval > TimeSpan.FromDays(1))
        {
            failures.Add("Membership__ConfirmationResendInterval must be between 00:00:00 and 1.00:00:00.");
        }

        if (options.MaxEmailsPerAddressPerHour is < 1 or > 100)
        {
            failures.Add("Membership__MaxEmailsPerAddressPerHour must be between 1 and 100.");
        }

        if (options.MinimumFormFillTime < TimeSpan.Zero || options.MinimumFormFillTime > TimeSpan.FromMinutes(5))
        {
            failures.Add("Membership__MinimumFormFillTime must be between 00:00:00 and 00:05:00.");
        }

        if (string.IsNullOrWhiteSpace(options.HoneypotField) || !options.HoneypotField.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            failures.Add("Membership__HoneypotField must be a form field name (letters, digits, '_' or '-').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequireUrl(Uri? url, string setting, bool required, List<string> failures)
    {
        if (url is null)
        {
            if (required)
            {
                failures.Add($"{setting} is required: the public https URL of the app (http://localhost:7071 locally).");
            }

            return;
        }

        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)))
        {
            failures.Add($"{setting} must be an absolute https URL (http only for localhost).");
        }
    }
}
