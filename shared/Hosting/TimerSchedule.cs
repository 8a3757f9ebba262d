using NCrontab;

namespace CoP.Shared.Hosting;

/// <summary>
/// A timer trigger's schedule as the Functions host reads it from an app setting: six-field NCRONTAB in UTC (seconds
/// first), parsed by NCrontab, the library the host uses, and due at least once (not, say, on 30 February). Every
/// timer's options validate their schedule here, so that a schedule the host would refuse fails start-up instead.
/// </summary>
public static class TimerSchedule
{
    private static readonly CrontabSchedule.ParseOptions SixFields = new() { IncludingSeconds = true };

    /// <summary>The parsed schedule, or null when the host would not run it.</summary>
    public static CrontabSchedule? TryParse(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression) || expression.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 6)
        {
            return null;
        }

        var parsed = CrontabSchedule.TryParse(expression.Trim(), SixFields);
        return parsed is null || parsed.GetNextOccurrence(DateTime.UnixEpoch) >= DateTime.MaxValue.AddYears(-1) ? null : parsed;
    }

    /// <summary>The start-up failure for a schedule setting that <see cref="TryParse"/> refuses, naming the setting.</summary>
    public static string Invalid(string setting, string example) =>
        $"{setting} must be a six-field NCRONTAB expression (seconds first, UTC), e.g. \"{example}\".";
}
