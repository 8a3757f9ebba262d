using CoP.Shared.Events.Reminders;
using Microsoft.Extensions.Options;

namespace CoP.Tests.Events.Reminders;

/// <summary><c>Events__ReminderOffsets</c>: read as time spans, longest first, and checked when the app starts.</summary>
public sealed class EventReminderOptionsTests(StorageFixture storage)
{
    [Fact]
    public void TheDefaultOffsetsAreFortyEightHoursAndOneHour()
    {
        Assert.Equal([TimeSpan.FromHours(48), TimeSpan.FromHours(1)], new EventReminderOptions().Offsets);
    }

    [Fact]
    public void OffsetsAreReadLongestFirstWithoutRepeats()
    {
        var options = new EventReminderOptions { ReminderOffsets = " 01:00:00, 7.00:00:00 ,01:00:00,00:15:00" };

        Assert.Equal([TimeSpan.FromDays(7), TimeSpan.FromHours(1), TimeSpan.FromMinutes(15)], options.Offsets);
        Assert.Equal("10080m", EventReminderMails.OffsetKey(options.Offsets[0]));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-01:00:00")]
    [InlineData("31.00:00:00")]
    [InlineData("soon")]
    [InlineData("1.00:00:00,2.00:00:00,03:00:00,04:00:00,05:00:00")]
    public void TheAppDoesNotStartWhenAnOffsetIsNotPositiveTooLongUnreadableOrOneTooMany(string offsets)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => TestApp.Create(storage, new Dictionary<string, string?> { ["Events:ReminderOffsets"] = offsets }));

        Assert.Contains("Events__ReminderOffsets", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AReminderMayGoOutAQuarterOfItsOffsetLateAndAtLeastHalfAnHour()
    {
        Assert.Equal(TimeSpan.FromHours(12), EventReminderRun.Slack(TimeSpan.FromHours(48)));
        Assert.Equal(TimeSpan.FromMinutes(30), EventReminderRun.Slack(TimeSpan.FromHours(1)));
    }
}
