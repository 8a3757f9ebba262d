using Microsoft.Extensions.Options;

namespace CoP.Shared.Limits;

/// <summary>
/// Limits on requests that make the app send transactional mail (registrations, access-link requests), whatever
/// address they name (section <c>Limits</c>, app settings <c>Limits__*</c>). The per-address cap
/// (<c>Membership__MaxEmailsPerAddressPerHour</c>) protects one inbox; these protect the sender's reputation from a
/// script that names a new address each time.
/// </summary>
/// <remarks>
/// The defaults are sized for the community's busiest honest hour. A workshop where 40 participants register within
/// the hour from one conference Wi-Fi reaches the app from one NAT address: 60 per client leaves room for a mistyped
/// form sent again and a few access-link requests from the same room. A community of a few thousand members does not
/// send 300 transactional mails in an hour even then (the workshop plus a few dozen access-link requests after a
/// newsletter); a script that holds the global cap all day sends at most 7,200, instead of any number.
/// </remarks>
public sealed class LimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>Requests one client (an IPv4 address, or an IPv6 /64) may make per clock hour.</summary>
    public int PerClientPerHour { get; set; } = 60;

    /// <summary>Requests, of all clients together, per clock hour: a safety cap on transactional mail.</summary>
    public int GlobalMailsPerHour { get; set; } = 300;
}

/// <summary>Fails start-up with a message that names the app setting to fix.</summary>
public sealed class LimitsOptionsValidator : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        var failures = new List<string>();
        if (options.PerClientPerHour is < 1 or > 10_000)
        {
            failures.Add("Limits__PerClientPerHour must be between 1 and 10000.");
        }

        if (options.GlobalMailsPerHour is < 1 or > 100_000)
        {
            failures.Add("Limits__GlobalMailsPerHour must be between 1 and 100000.");
        }
        else if (options.PerClientPerHour > options.GlobalMailsPerHour)
        {
            failures.Add("Limits__PerClientPerHour must not exceed Limits__GlobalMailsPerHour: one client can never make more than all together.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
