using CoP.Shared.Members;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoP.Tests.Members;

public sealed class HousekeepingOptionsTests
{
    [Theory]
    [InlineData("0 30 3 * *")]
    [InlineData("01:00:00")]
    [InlineData("0 0 0 30 2 *")]
    [InlineData("every day")]
    public async Task StartFailsNamingHousekeepingScheduleWhenItIsMalformed(string schedule)
    {
        using var host = TestHosts.Build(new Dictionary<string, string?> { [HousekeepingOptions.ScheduleSetting] = schedule });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("HousekeepingSchedule", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, HousekeepingOptions.DefaultSchedule)]
    [InlineData("0 15 2 * * 0", "0 15 2 * * 0")]
    public async Task ScheduleIsTheSettingWhenSetAndDailyAtHalfPastThreeWhenNot(string? setting, string expected)
    {
        using var host = TestHosts.Build(new Dictionary<string, string?> { [HousekeepingOptions.ScheduleSetting] = setting });

        await host.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal(expected, host.Services.GetRequiredService<IOptions<HousekeepingOptions>>().Value.Schedule);
        Assert.Equal("0 30 3 * * *", HousekeepingOptions.DefaultSchedule);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }
}
