using System.Globalization;
using CoP.Shared.Hosting;
using NCrontab;

namespace CoP.Shared.Newsletter.Issues;

/// <summary>
/// The timer's schedule (six-field NCRONTAB in UTC, as <see cref="TimerSchedule"/> reads it): which slot a run
/// belongs to and the issue id of that slot. A retry or a catch-up run of the same slot gets the same id, so it works
/// on the same issue.
/// </summary>
public sealed class NewsletterSchedule
{
    private readonly CrontabSchedule _schedule;

    private NewsletterSchedule(CrontabSchedule schedule) => _schedule = schedule;

    public static bool TryParse(string? expression, out NewsletterSchedule? schedule)
    {
        var parsed = TimerSchedule.TryParse(expression);
        schedule = parsed is null ? null : new NewsletterSchedule(parsed);
        return schedule is not null;
    }

    public static NewsletterSchedule Parse(string expression) =>
        TryParse(expression, out var schedule) ? schedule! : throw new FormatException($"'{expression}' is not a six-field NCRONTAB expression.");

    /// <summary>The latest slot at or before <paramref name="now"/>: the one a run at that moment belongs to.</summary>
    public DateTimeOffset SlotAt(DateTimeOffset now)
    {
        var end = now.UtcDateTime;

        // Widen the window until it holds an occurrence: cheap for frequent schedules, few steps for rare ones. The
        // last window is four whole years, so a schedule that start-up accepts (a leap day's included) always has a slot.
        var longest = TimeSpan.FromDays(4 * 366);
        for (var window = TimeSpan.FromHours(1); ; window = window * 4 < longest ? window * 4 : longest)
        {
            var start = end - window;
            DateTime? last = null;

            // NCrontab's range excludes its start and its end; the end is added back by hand.
            foreach (var occurrence in _schedule.GetNextOccurrences(start.AddSeconds(-1), end))
            {
                last = occurrence;
            }

            if (_schedule.GetNextOccurrence(end.AddSeconds(-1)) == TruncateToSecond(end))
            {
                last = TruncateToSecond(end);
            }

            if (last is { } slot)
            {
                return new DateTimeOffset(DateTime.SpecifyKind(slot, DateTimeKind.Utc));
            }

            if (window == longest)
            {
                break;
            }
        }

        throw new InvalidOperationException("The newsletter schedule has no slot in the last four years.");
    }

    /// <summary>The slot before <paramref name="slot"/>.</summary>
    public DateTimeOffset PreviousSlot(DateTimeOffset slot) => SlotAt(slot.AddSeconds(-1));

    /// <summary>The first slot after <paramref name="now"/>.</summary>
    public DateTimeOffset NextSlot(DateTimeOffset now) =>
        new(DateTime.SpecifyKind(_schedule.GetNextOccurrence(now.UtcDateTime), DateTimeKind.Utc));

    /// <summary>The issue id of a slot: its UTC date and time, e.g. <c>2026-11-23-0800</c> (sortable, URL-safe).</summary>
    public static string IssueId(DateTimeOffset slot) =>
        slot.UtcDateTime.ToString(slot.Second == 0 ? "yyyy-MM-dd-HHmm" : "yyyy-MM-dd-HHmmss", CultureInfo.InvariantCulture);

    public static bool IsValidIssueId(string? issueId) =>
        issueId is { Length: 15 or 17 }
        && (DateTime.TryParseExact(issueId, "yyyy-MM-dd-HHmm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            || DateTime.TryParseExact(issueId, "yyyy-MM-dd-HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));

    private static DateTime TruncateToSecond(DateTime time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
}
