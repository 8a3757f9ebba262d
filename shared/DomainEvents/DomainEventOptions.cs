using CoP.Shared.Hosting;
using Microsoft.Extensions.Options;

namespace CoP.Shared.DomainEvents;

/// <summary>
/// The domain events timer (<c>PublishDomainEvents</c>): its schedule, read from the top-level app setting
/// <c>DomainEventSchedule</c> (the host cannot resolve a timer schedule from a setting whose name holds <c>__</c>), and how
/// long before an event's start it is announced as starting soon (<c>DomainEvents__StartingSoonWithin</c>).
/// </summary>
public sealed class DomainEventOptions
{
    public const string SectionName = "DomainEvents";

    /// <summary>The app setting the timer trigger binds to (<c>%DomainEventSchedule%</c>).</summary>
    public const string ScheduleSetting = "DomainEventSchedule";

    /// <summary>Every five minutes: a poll's opening or closing reaches the chat within minutes.</summary>
    public const string DefaultSchedule = "0 */5 * * * *";

    /// <summary>The longest <see cref="StartingSoonWithin"/>: "soon" is days, not weeks.</summary>
    public static readonly TimeSpan MaxStartingSoonWithin = TimeSpan.FromDays(7);

    /// <summary>
    /// How far back the timer looks for polls that opened or closed, and how late a retried action still reports what it
    /// did: a poll closed longer ago than this is old news, never announced.
    /// </summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(7);

    /// <summary>Six-field NCRONTAB in UTC (seconds first).</summary>
    public string Schedule { get; set; } = DefaultSchedule;

    /// <summary>A published event that starts within this span is announced as starting soon (once per start time); a day by default.</summary>
    public TimeSpan StartingSoonWithin { get; set; } = TimeSpan.FromDays(1);
}

public sealed class DomainEventOptionsValidator : IValidateOptions<DomainEventOptions>
{
    public ValidateOptionsResult Validate(string? name, DomainEventOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (TimerSchedule.TryParse(options.Schedule) is null)
        {
            failures.Add(TimerSchedule.Invalid(DomainEventOptions.ScheduleSetting, DomainEventOptions.DefaultSchedule));
        }

        if (options.StartingSoonWithin <= TimeSpan.Zero || options.StartingSoonWithin > DomainEventOptions.MaxStartingSoonWithin)
        {
            failures.Add($"DomainEvents__StartingSoonWithin must be more than zero and at most {DomainEventOptions.MaxStartingSoonWithin.TotalDays:0} days (e.g. 1.00:00:00).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
