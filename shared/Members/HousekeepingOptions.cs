using CoP.Shared.Hosting;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Members;

/// <summary>
/// The schedule of the daily housekeeping timer (<c>PurgeExpiredRegistrations</c>), which the host reads from the
/// top-level app setting <c>HousekeepingSchedule</c>.
/// </summary>
public sealed class HousekeepingOptions
{
    /// <summary>The app setting the timer trigger binds to (<c>%HousekeepingSchedule%</c>).</summary>
    public const string ScheduleSetting = "HousekeepingSchedule";

    /// <summary>Daily at 03:30 UTC: a quiet hour, away from the newsletter's.</summary>
    public const string DefaultSchedule = "0 30 3 * * *";

    /// <summary>Six-field NCRONTAB in UTC (seconds first).</summary>
    public string Schedule { get; set; } = DefaultSchedule;
}

public sealed class HousekeepingOptionsValidator : IValidateOptions<HousekeepingOptions>
{
    public ValidateOptionsResult Validate(string? name, HousekeepingOptions options) =>
        TimerSchedule.TryParse(options.Schedule) is null
            ? ValidateOptionsResult.Fail(TimerSchedule.Invalid(HousekeepingOptions.ScheduleSetting, HousekeepingOptions.DefaultSchedule))
            : ValidateOptionsResult.Success;
}
