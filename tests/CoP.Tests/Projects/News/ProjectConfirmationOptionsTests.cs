using CoP.Shared.Projects.Contacts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoP.Tests.Projects.News;

public sealed class ProjectConfirmationOptionsTests
{
    [Theory]
    [InlineData("0 0 9 * *")]
    [InlineData("1.00:00:00")]
    [InlineData("0 0 0 30 2 *")]
    [InlineData("yearly")]
    public async Task StartFailsNamingProjectConfirmationScheduleWhenItIsMalformed(string schedule)
    {
        using var host = TestHosts.Build(new Dictionary<string, string?> { [ProjectConfirmationOptions.ScheduleSetting] = schedule });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("ProjectConfirmationSchedule", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, ProjectConfirmationOptions.DefaultSchedule)]
    [InlineData("0 30 7 * * 1", "0 30 7 * * 1")]
    public async Task ScheduleIsTheSettingWhenSetAndDailyAtNineWhenNot(string? setting, string expected)
    {
        using var host = TestHosts.Build(new Dictionary<string, string?> { [ProjectConfirmationOptions.ScheduleSetting] = setting });

        await host.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal(expected, host.Services.GetRequiredService<IOptions<ProjectConfirmationOptions>>().Value.Schedule);
        Assert.Equal("0 0 9 * * *", ProjectConfirmationOptions.DefaultSchedule);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }
}
