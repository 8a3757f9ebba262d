using System.Globalization;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Events.Reminders;

/// <summary>When registered people are reminded of an event (<c>Events__ReminderOffsets</c>).</summary>
public sealed class EventReminderOptions
{
    public const string SectionName = "Events";

    /// <summary>The most offsets a setting may name: each is one mail to every registered person.</summary>
    public const int MaxOffsets = 4;

    /// <summary>The longest offset: a reminder is for the coming days, not for the next season.</summary>
    public static readonly TimeSpan MaxOffset = TimeSpan.FromDays(30);

    /// <summary>
    /// How long before the start each reminder goes out, as <c>d.hh:mm:ss</c> time spans separated by commas; by default
    /// 48 hours and 1 hour.
    /// </summary>
    public string ReminderOffsets { get; set; } = "2.00:00:00,01:00:00";

    /// <summary>The offsets, longest first; throws for a value that the validator refuses.</summary>
    public IReadOnlyList<TimeSpan> Offsets => [.. Split(ReminderOffsets).Select(value => TimeSpan.Parse(value, CultureInfo.InvariantCulture)).Distinct().OrderDescending()];

    internal static string[] Split(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public sealed class EventReminderOptionsValidator : IValidateOptions<EventReminderOptions>
{
    public ValidateOptionsResult Validate(string? name, EventReminderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var values = EventReminderOptions.Split(options.ReminderOffsets);
        if (values.Length > EventReminderOptions.MaxOffsets)
        {
            return ValidateOptionsResult.Fail($"Events__ReminderOffsets names {values.Length} offsets; at most {EventReminderOptions.MaxOffsets} are allowed.");
        }

        var failures = values
            .Where(value => !TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var offset) || offset <= TimeSpan.Zero || offset > EventReminderOptions.MaxOffset)
            .Select(value => $"Events__ReminderOffsets: '{value}' is not a time span of more than zero and at most {EventReminderOptions.MaxOffset.TotalDays:0} days (e.g. 2.00:00:00 or 01:00:00).")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
