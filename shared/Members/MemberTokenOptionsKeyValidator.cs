using CoP.Shared.Hosting;
using CoP.Shared.Privacy;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Members;

/// <summary>Holds every <c>Tokens__Keys__&lt;id&gt;</c> to <see cref="KeyRules"/>: in Azure, no published or uniform key.</summary>
public sealed class MemberTokenOptionsKeyValidator(HostingEnvironment hosting) : IValidateOptions<MemberTokenOptions>
{
    public ValidateOptionsResult Validate(string? name, MemberTokenOptions options)
    {
        var failures = options.Keys.SelectMany(key => KeyRules.Problems($"Tokens__Keys__{key.Key}", key.Value, hosting)).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
