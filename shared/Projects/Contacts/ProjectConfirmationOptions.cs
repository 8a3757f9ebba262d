using CoP.Shared.Hosting;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Projects.Contacts;

/// <summary>
/// The schedule of the yearly confirmation timer (<c>AskProjectConfirmations</c>), which the host reads from the
/// top-level app setting <c>ProjectConfirmationSchedule</c> (the host cannot resolve a binding expression whose name holds
/// <c>__</c>, so a timer's schedule is never a nested setting).
/// </summary>
public sealed class ProjectConfirmationOptions
{
    /// <summary>The app setting the timer trigger binds to (<c>%ProjectConfirmationSchedule%</c>).</summary>
    public const string ScheduleSetting = "ProjectConfirmationSchedule";

    /// <summary>Daily at 09:00 UTC: a working hour in Africa and Europe, away from the housekeeping's.</summary>
    public const string DefaultSchedule = "0 0 9 * * *";

    /// <summary>How long a confirmation holds: a project not confirmed for longer is asked about once, then shown as such.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromDays(365);

    /// <summary>Six-field NCRONTAB in UTC (seconds first).</summary>
    public string Schedule { get; set; } = DefaultSchedule;

    /// <summary>
    /// Whether <paramref name="project"/>'s record was last confirmed more than <see cref="Period"/> before
    /// <paramref name="now"/>: its contact is asked, and pages and the console may say "not confirmed for over a year".
    /// </summary>
    public static bool IsOverdue(Project project, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(project);
        return now - project.LastConfirmedAt > Period;
    }
}

public sealed class ProjectConfirmationOptionsValidator : IValidateOptions<ProjectConfirmationOptions>
{
    public ValidateOptionsResult Validate(string? name, ProjectConfirmationOptions options) =>
        TimerSchedule.TryParse(options.Schedule) is null
            ? ValidateOptionsResult.Fail(TimerSchedule.Invalid(ProjectConfirmationOptions.ScheduleSetting, ProjectConfirmationOptions.DefaultSchedule))
            : ValidateOptionsResult.Success;
}
