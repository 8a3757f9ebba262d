using System.Globalization;
using CoP.Shared.Newsletter;
using CoP.Shared.Newsletter.Issues;

namespace CoP.Tests.Newsletter;

public sealed class NewsletterScheduleTests
{
    private static readonly NewsletterSchedule Weekly = NewsletterSchedule.Parse(NewsletterOptions.DefaultSchedule);

    [Theory]
    [InlineData("2026-11-02T08:00:00Z", "2026-11-02T08:00:00Z")]
    [InlineData("2026-11-02T09:30:00Z", "2026-11-02T08:00:00Z")]
    [InlineData("2026-11-08T23:59:59Z", "2026-11-02T08:00:00Z")]
    [InlineData("2026-11-02T07:59:59Z", "2026-10-26T08:00:00Z")]
    public void SlotIsTheLatestOccurrenceAtOrBeforeNowWhenTheScheduleIsWeekly(string now, string slot)
    {
        Assert.Equal(At(slot), Weekly.SlotAt(At(now)));
    }

    [Fact]
    public void IssueIdIsTheSameForEveryRunOfOneSlotWhenRetriedOrCaughtUp()
    {
        var ids = new[] { "2026-11-02T08:00:00Z", "2026-11-02T08:01:30Z", "2026-11-02T13:00:00Z" }
            .Select(t => NewsletterSchedule.IssueId(Weekly.SlotAt(At(t))))
            .Distinct()
            .ToList();

        Assert.Equal(["2026-11-02-0800"], ids);
        Assert.True(NewsletterSchedule.IsValidIssueId(ids[0]));
    }

    [Fact]
    public void PreviousSlotIsTheOccurrenceBeforeWhenTheScheduleIsMonthly()
    {
        var monthly = NewsletterSchedule.Parse("0 30 6 1 * *");

        Assert.Equal(At("2026-11-01T06:30:00Z"), monthly.SlotAt(At("2026-11-20T00:00:00Z")));
        Assert.Equal(At("2026-10-01T06:30:00Z"), monthly.PreviousSlot(At("2026-11-01T06:30:00Z")));
    }

    [Fact]
    public void IssueIdKeepsTheSecondsWhenTheSlotHasThem()
    {
        var every = NewsletterSchedule.Parse("15 * * * * *");

        Assert.Equal("2026-11-02-080015", NewsletterSchedule.IssueId(every.SlotAt(At("2026-11-02T08:00:20Z"))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0 8 * * 1")]
    [InlineData("00:05:00")]
    [InlineData("0 0 8 * * 9")]
    [InlineData("0 0 8 31 2 *")]
    [InlineData("not a schedule")]
    public void ParsingFailsWhenTheExpressionIsNotSixFieldNcrontab(string expression)
    {
        Assert.False(NewsletterSchedule.TryParse(expression, out _));
    }

    [Theory]
    [InlineData("2026-11-02-0800", true)]
    [InlineData("2026-11-02-080015", true)]
    [InlineData("2026-13-02-0800", false)]
    [InlineData("../../etc", false)]
    [InlineData("2026-11-02", false)]
    public void IssueIdsAreRecognisedWhenWellFormed(string issueId, bool valid)
    {
        Assert.Equal(valid, NewsletterSchedule.IsValidIssueId(issueId));
    }

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
}
