using CoP.Shared.Hosting;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Privacy;

/// <summary>Holds <c>Privacy__HashKey</c> and <c>Privacy__BallotKey</c> to <see cref="KeyRules"/>: in Azure, no published or uniform key.</summary>
public sealed class PrivacyOptionsKeyValidator(HostingEnvironment hosting) : IValidateOptions<PrivacyOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyOptions options)
    {
        var failures = KeyRules.Problems("Privacy__HashKey", options.HashKey, hosting)
            .Concat(KeyRules.Problems("Privacy__BallotKey", options.BallotKey, hosting))
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
