using System.Globalization;
using CoP.Shared.Newsletter;
using CoP.Shared.Newsletter.Issues;

namespace CoP.Tests.Newsletter;

/// <summary>The schedule at its edges: the next slot, rare schedules, local offsets, malformed issue ids.</summary>
public sealed class NewsletterScheduleEdgeCaseTests
{
    private static readonly NewsletterSchedule Weekly = NewsletterSchedule.Parse(NewsletterOptions.DefaultSchedule);

    [Theory]
    [InlineData("2026-11-02T07:59:59Z", "2026-11-02T08:00:00Z")]
    [InlineData("2026-11-02T08:00:00Z", "2026-11-09T08:00:00Z")]
    [InlineData("2026-11-04T12:00:00Z", "2026-11-09T08:00:00Z")]
    public void NextSlotIsTheFirstOccurrenceAfterNow(string now, string next)
    {
        var slot = Weekly.NextSlot(At(now));

        Assert.Equal(At(next), slot);
        Assert.Equal(TimeSpan.Zero, slot.Offset);
    }

    [Fact]
    public void ParseThrowsAFormatExceptionNamingTheExpression()
    {
        var error = Assert.Throws<FormatException>(() => NewsletterSchedule.Parse("0 8 * * 1"));

        Assert.Contains("'0 8 * * 1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseGivesTheScheduleWhenTheExpressionIsValid()
    {
        Assert.True(NewsletterSchedule.TryParse("0 30 6 1 * *", out var schedule));
        Assert.NotNull(schedule);
    }

    [Theory]
    [InlineData("0 0 8 1 1 *", "2026-11-20T00:00:00Z", "2026-01-01T08:00:00Z")]
    [InlineData("0 0 8 29 2 *", "2025-06-01T00:00:00Z", "2024-02-29T08:00:00Z")]
    [InlineData("0 0 8 29 2 *", "2027-06-01T00:00:00Z", "2024-02-29T08:00:00Z")]
    [InlineData("0 0 8 29 2 *", "2028-02-29T07:59:59Z", "2024-02-29T08:00:00Z")]
    [InlineData("0 0 8 1 1 *", "2026-01-01T08:00:00Z", "2026-01-01T08:00:00Z")]
    [InlineData("0 */5 * * * *", "2026-11-02T08:07:30Z", "2026-11-02T08:05:00Z")]
    public void SlotIsFoundWhetherTheScheduleIsRareOrFrequent(string expression, string now, string slot)
    {
        Assert.Equal(At(slot), NewsletterSchedule.Parse(expression).SlotAt(At(now)));
    }

    [Fact]
    public void ParseRefusesAScheduleThatNeverComes()
    {
        // 30 February: every field is in range, but no such day exists; start-up refuses it, so SlotAt always finds a slot.
        Assert.False(NewsletterSchedule.TryParse("0 0 8 30 2 *", out _));
        Assert.Throws<FormatException>(() => NewsletterSchedule.Parse("0 0 8 30 2 *"));
    }

    [Fact]
    public void SlotAndIssueIdAreInUtcWhenNowHasALocalOffset()
    {
        // 09:30 at +02:00 is 07:30 UTC, before Monday's 08:00 UTC slot: the slot is the Monday before.
        var slot = Weekly.SlotAt(DateTimeOffset.Parse("2026-11-02T09:30:00+02:00", CultureInfo.InvariantCulture));

        Assert.Equal(At("2026-10-26T08:00:00Z"), slot);
        Assert.Equal(TimeSpan.Zero, slot.Offset);
        Assert.Equal("2026-11-02-0800", NewsletterSchedule.IssueId(DateTimeOffset.Parse("2026-11-02T10:00:00+02:00", CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void SlotIncludesTheSlotItselfWhenNowIsWithinItsFirstSecond()
    {
        Assert.Equal(At("2026-11-02T08:00:00Z"), Weekly.SlotAt(At("2026-11-02T08:00:00.750Z")));
        Assert.Equal(At("2026-10-26T08:00:00Z"), Weekly.PreviousSlot(At("2026-11-02T08:00:00Z")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("2026-11-02-08000")]
    [InlineData("2026-11-02T0800")]
    [InlineData("2026-11-02-0800150")]
    [InlineData("2026-11-02-0860")]
    [InlineData("2026-11-02-080060")]
    public void IssueIdsAreRefusedWhenMalformed(string? issueId)
    {
        Assert.False(NewsletterSchedule.IsValidIssueId(issueId));
    }

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
}
