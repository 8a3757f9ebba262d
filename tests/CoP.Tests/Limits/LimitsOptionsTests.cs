using CoP.Shared.Limits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoP.Tests.Limits;

public sealed class LimitsOptionsTests
{
    [Theory]
    [InlineData("Limits:PerClientPerHour", "0", "Limits__PerClientPerHour")]
    [InlineData("Limits:PerClientPerHour", "-5", "Limits__PerClientPerHour")]
    [InlineData("Limits:PerClientPerHour", "10001", "Limits__PerClientPerHour")]
    [InlineData("Limits:PerClientPerHour", "301", "Limits__PerClientPerHour")]
    [InlineData("Limits:GlobalMailsPerHour", "0", "Limits__GlobalMailsPerHour")]
    [InlineData("Limits:GlobalMailsPerHour", "100001", "Limits__GlobalMailsPerHour")]
    [InlineData("Limits:GlobalMailsPerHour", "59", "Limits__GlobalMailsPerHour")]
    public async Task StartFailsNamingTheSettingWhenALimitIsOutOfRange(string key, string value, string setting)
    {
        using var host = TestHosts.Build(new Dictionary<string, string?> { [key] = value });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(setting, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultsAllowAWorkshopBehindOneAddressWithinACapForTheWholeCommunity()
    {
        using var host = TestHosts.Build(new Dictionary<string, string?>());

        await host.StartAsync(TestContext.Current.CancellationToken);

        var options = host.Services.GetRequiredService<IOptions<LimitsOptions>>().Value;
        Assert.Equal(60, options.PerClientPerHour);
        Assert.Equal(300, options.GlobalMailsPerHour);
        Assert.NotNull(host.Services.GetRequiredService<RequestLimiter>());
        await host.StopAsync(TestContext.Current.CancellationToken);
    }
}
