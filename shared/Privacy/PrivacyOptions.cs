using Microsoft.Extensions.Options;

namespace CoP.Shared.Privacy;

/// <summary>Settings of pseudonymisation and consent records (section <c>Privacy</c>).</summary>
public sealed class PrivacyOptions
{
    public const string SectionName = "Privacy";

    /// <summary>
    /// Base64 key (at least 32 bytes) for keyed hashes of email addresses (the lookup key of a member) and
    /// IP addresses (consent records); also the ballot keys of polls created before <see cref="BallotKey"/>
    /// existed. Never change it in a running deployment: every stored lookup key depends on it.
    /// </summary>
    public string HashKey { get; set; } = "";

    /// <summary>
    /// Base64 key (at least 32 bytes) of ballot row keys, and only of them: whoever holds it (with a member id) can
    /// tell which ballot row is whose, so it is a secret of its own, never the hash key. Changing it in a running
    /// deployment lets members of open polls vote once more (their earlier ballot is no longer found).
    /// </summary>
    public string BallotKey { get; set; } = "";

    /// <summary>Version of the privacy text that a consent refers to, recorded with each consent event.</summary>
    public string PolicyVersion { get; set; } = "";
}

public sealed class PrivacyOptionsValidator : IValidateOptions<PrivacyOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyOptions options)
    {
        var failures = new List<string>();
        if (!KeyMaterial.TryDecode(options.HashKey, out var key) || key.Length < 32)
        {
            failures.Add("Privacy__HashKey must be a base64 key of at least 32 bytes (e.g. `openssl rand -base64 32`).");
        }

        if (!KeyMaterial.TryDecode(options.BallotKey, out var ballotKey) || ballotKey.Length < 32)
        {
            failures.Add("Privacy__BallotKey must be a base64 key of at least 32 bytes (e.g. `openssl rand -base64 32`).");
        }
        else if (key.Length >= 32 && ballotKey.AsSpan().SequenceEqual(key))
        {
            failures.Add("Privacy__BallotKey must differ from Privacy__HashKey: ballot keys must stay unlinkable by whoever holds the hash key.");
        }

        if (string.IsNullOrWhiteSpace(options.PolicyVersion) || options.PolicyVersion.Length > 32)
        {
            failures.Add("Privacy__PolicyVersion must name the version of the privacy text (1-32 characters).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
