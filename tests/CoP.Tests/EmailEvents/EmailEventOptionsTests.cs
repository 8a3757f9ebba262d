using System.Security.Cryptography;
using CoP.Shared.EmailEvents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CoP.Tests.EmailEvents;

public sealed class EmailEventOptionsTests
{
    [Theory]
    [InlineData("EmailEvents:PublicKey", "not base64!")]
    [InlineData("EmailEvents:PublicKey", "c2hvcnQ=")]
    [InlineData("EmailEvents:PublicKey", "rsa")]
    [InlineData("EmailEvents:PublicKey", "p384")]
    [InlineData("EmailEvents:MaxAge", "00:00:00")]
    [InlineData("EmailEvents:MaxAge", "1.00:00:00")]
    [InlineData("EmailEvents:SoftBounceLimit", "0")]
    [InlineData("EmailEvents:MaxBodyBytes", "100")]
    public async Task StartFailsNamingTheSettingWhenAnEmailEventsSettingIsMalformed(string key, string value)
    {
        using var host = BuildHost(new Dictionary<string, string?> { [key] = KeyOf(value) });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(key.Replace(":", "__", StringComparison.Ordinal), failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartSucceedsWithTheWebhookNotConfiguredWhenThereIsNoKey()
    {
        using var host = BuildHost([]);

        await host.StartAsync(TestContext.Current.CancellationToken);

        Assert.False(host.Services.GetRequiredService<EmailEventReceiver>().IsConfigured);
        Assert.Equal(TimeSpan.FromMinutes(5), host.Services.GetRequiredService<IOptions<EmailEventOptions>>().Value.MaxAge);
        Assert.Equal(3, host.Services.GetRequiredService<IOptions<EmailEventOptions>>().Value.SoftBounceLimit);
        Assert.Equal(4 * 1024 * 1024, host.Services.GetRequiredService<IOptions<EmailEventOptions>>().Value.MaxBodyBytes);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task IsConfiguredIsTrueWhenAP256KeyIsSet()
    {
        using var signer = new SendGridSigner();
        using var host = BuildHost(new Dictionary<string, string?> { ["EmailEvents:PublicKey"] = signer.PublicKey });

        await host.StartAsync(TestContext.Current.CancellationToken);

        Assert.True(host.Services.GetRequiredService<EmailEventReceiver>().IsConfigured);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    private static string KeyOf(string value)
    {
        switch (value)
        {
            case "rsa":
                using (var rsa = RSA.Create(2048))
                {
                    return Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
                }

            case "p384":
                using (var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384))
                {
                    return Convert.ToBase64String(p384.ExportSubjectPublicKeyInfo());
                }

            default:
                return value;
        }
    }

    private static IHost BuildHost(Dictionary<string, string?> settings) => TestHosts.Build(settings);
}
