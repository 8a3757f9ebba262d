using CoP.Shared.Privacy;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Members;

/// <summary>
/// Signing keys and lifetimes of member tokens (section <c>Tokens</c>). Several keys can be configured so
/// that keys rotate without breaking links already sent: tokens are signed with the active key and verified
/// with whichever configured key their id names.
/// </summary>
public sealed class MemberTokenOptions
{
    public const string SectionName = "Tokens";

    /// <summary>Key id → base64 key of at least 32 bytes (app settings <c>Tokens__Keys__&lt;id&gt;</c>).</summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The id of the key that signs new tokens.</summary>
    public string ActiveKey { get; set; } = "";

    public TimeSpan ConfirmLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Vote links in newsletters: a poll's ballot, for as long as a newsletter's polls usually stay open.</summary>
    public TimeSpan VoteLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Profile links in newsletters and "already a member" mails.</summary>
    public TimeSpan ProfileLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Account links (export, erase, revoke): at most <see cref="MaxAccountLifetime"/>.</summary>
    public TimeSpan AccountLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Unsubscribe links live long: old newsletters keep them.</summary>
    public TimeSpan UnsubscribeLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Personal calendar feeds live long: calendar apps keep the address they subscribed to.</summary>
    public TimeSpan CalendarLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>A link that can erase an account must not outlive the moment its mail was read.</summary>
    public static TimeSpan MaxAccountLifetime => TimeSpan.FromHours(1);
}

public sealed class MemberTokenOptionsValidator : IValidateOptions<MemberTokenOptions>
{
    public ValidateOptionsResult Validate(string? name, MemberTokenOptions options)
    {
        var failures = new List<string>();
        if (options.Keys.Count == 0)
        {
            failures.Add("Tokens__Keys__<id> must configure at least one signing key (base64, at least 32 bytes).");
        }

        foreach (var (id, value) in options.Keys)
        {
            if (!MemberTokenService.IsValidKeyId(id))
            {
                failures.Add($"Tokens__Keys__{id}: a key id is 1-16 letters and digits.");
            }
            else if (!KeyMaterial.TryDecode(value, out var key) || key.Length < 32)
            {
                failures.Add($"Tokens__Keys__{id} must be a base64 key of at least 32 bytes.");
            }
        }

        if (!options.Keys.ContainsKey(options.ActiveKey))
        {
            failures.Add("Tokens__ActiveKey must name one of the configured Tokens__Keys__<id>.");
        }

        foreach (var (setting, lifetime) in new[]
        {
            ("Tokens__ConfirmLifetime", options.ConfirmLifetime),
            ("Tokens__VoteLifetime", options.VoteLifetime),
            ("Tokens__ProfileLifetime", options.ProfileLifetime),
            ("Tokens__AccountLifetime", options.AccountLifetime),
            ("Tokens__UnsubscribeLifetime", options.UnsubscribeLifetime),
            ("Tokens__CalendarLifetime", options.CalendarLifetime),
        })
        {
            if (lifetime <= TimeSpan.Zero || lifetime > TimeSpan.FromDays(3660))
            {
                failures.Add($"{setting} must be a positive time span of at most ten years.");
            }
        }

        if (options.AccountLifetime > MemberTokenOptions.MaxAccountLifetime)
        {
            failures.Add("Tokens__AccountLifetime must be at most 01:00:00: account links can export and erase.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
