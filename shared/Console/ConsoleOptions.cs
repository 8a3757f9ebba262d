using Microsoft.Extensions.Options;

namespace CoP.Shared.Console;

/// <summary>The operator console: who may sign in, and how long a sign-in link and a session last.</summary>
public sealed class ConsoleOptions
{
    public const string SectionName = "Console";

    /// <summary>The longest a mailed sign-in link may live.</summary>
    public static readonly TimeSpan MaxSignInLifetime = TimeSpan.FromMinutes(15);

    /// <summary>The longest a console session may last.</summary>
    public static readonly TimeSpan MaxSessionLifetime = TimeSpan.FromHours(8);

    /// <summary>
    /// The operators' addresses, separated by commas, semicolons or spaces (<c>Console__Operators</c>). Kept only as
    /// keyed hashes once the app has started; empty means nobody can sign in to the console.
    /// </summary>
    public string Operators { get; set; } = "";

    public TimeSpan SignInLifetime { get; set; } = MaxSignInLifetime;

    public TimeSpan SessionLifetime { get; set; } = MaxSessionLifetime;

    /// <summary>
    /// When true (<c>Console__RequirePlatformSignIn</c>), a console session counts only on requests that the platform's
    /// built-in authentication (App Service "Easy Auth", e.g. with Microsoft Entra ID) signed in as well: the console
    /// then needs both the mailed link and the community's tenant. Off by default; see the deployment guide.
    /// </summary>
    public bool RequirePlatformSignIn { get; set; }
}

public sealed class ConsoleOptionsValidator : IValidateOptions<ConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsoleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.SignInLifetime <= TimeSpan.Zero || options.SignInLifetime > ConsoleOptions.MaxSignInLifetime)
        {
            failures.Add($"Console__SignInLifetime must be more than zero and at most {ConsoleOptions.MaxSignInLifetime}.");
        }

        if (options.SessionLifetime <= TimeSpan.Zero || options.SessionLifetime > ConsoleOptions.MaxSessionLifetime)
        {
            failures.Add($"Console__SessionLifetime must be more than zero and at most {ConsoleOptions.MaxSessionLifetime}.");
        }

        var invalid = OperatorDirectory.Split(options.Operators).Count(address => Members.MemberRules.CheckEmail(address, out _) is not null);
        if (invalid > 0)
        {
            // The count only: the setting's values are personal data and stay out of logs.
            failures.Add($"Console__Operators holds {invalid} value(s) that are not email addresses.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
