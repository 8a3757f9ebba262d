using CoP.Shared.Newsletter;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CoP.Tests.Newsletter;

public sealed class NewsletterOptionsTests
{
    [Theory]
    [InlineData("NewsletterSchedule", "0 8 * * 1", "NewsletterSchedule")]
    [InlineData("NewsletterSchedule", "00:05:00", "NewsletterSchedule")]
    [InlineData("Newsletter:StaleAfter", "00:00:10", "Newsletter__StaleAfter")]
    [InlineData("Newsletter:AdminEmail", "not-an-address", "Newsletter__AdminEmail")]
    [InlineData("Newsletter:BatchSize", "1001", "Newsletter__BatchSize")]
    [InlineData("Newsletter:BatchSize", "0", "Newsletter__BatchSize")]
    [InlineData("Newsletter:MaxParallelRequests", "0", "Newsletter__MaxParallelRequests")]
    [InlineData("Newsletter:RequestTimeout", "00:10:00", "Newsletter__RequestTimeout")]
    [InlineData("Newsletter:MaxRetries", "11", "Newsletter__MaxRetries")]
    [InlineData("Newsletter:UnknownOutcomeWait", "-00:01:00", "Newsletter__UnknownOutcomeWait")]
    [InlineData("Newsletter:ListId", "no spaces allowed", "Newsletter__ListId")]
    [InlineData("Newsletter:MaxDocuments", "0", "Newsletter__MaxDocuments")]
    [InlineData("Newsletter:MaxPolls", "21", "Newsletter__MaxPolls")]
    public async Task StartFailsNamingTheSettingWhenANewsletterSettingIsMalformed(string key, string value, string setting)
    {
        using var host = BuildHost(new Dictionary<string, string?> { [key] = value });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(setting, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTimersScheduleSettingIsTheOneTheNewsletterUsesWhenSet()
    {
        using var host = BuildHost(new Dictionary<string, string?> { ["NewsletterSchedule"] = "0 30 6 1 * *" });

        await host.StartAsync(TestContext.Current.CancellationToken);

        var options = host.Services.GetRequiredService<IOptions<NewsletterOptions>>().Value;
        Assert.Equal("0 30 6 1 * *", options.Schedule);
        Assert.Equal(1000, options.BatchSize);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    private static IHost BuildHost(Dictionary<string, string?> settings) => TestHosts.Build(settings);
}
