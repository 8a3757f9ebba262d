using System.Net;
using CoP.Shared.Hosting;
using CoP.Shared.Webhooks;
using CoP.TestSupport;

namespace CoP.Tests.Webhooks;

/// <summary>The SSRF rule: what a webhook may point to in Azure, at creation and at connect time; locally, anything.</summary>
public sealed class WebhookTargetPolicyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly WebhookTargetPolicy InAzure = new(new HostingEnvironment(runsInAzure: true));
    private static readonly WebhookTargetPolicy Locally = new(new HostingEnvironment(runsInAzure: false));

    [Theory]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://127.1.2.3/hook")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://172.16.0.1/hook")]
    [InlineData("https://192.168.1.1/hook")]
    [InlineData("https://100.64.0.1/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://0.0.0.0/hook")]
    [InlineData("https://224.0.0.1/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[::]/hook")]
    [InlineData("https://[::ffff:127.0.0.1]/hook")]
    [InlineData("https://[::ffff:169.254.169.254]/hook")]
    [InlineData("https://[64:ff9b::a01:203]/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://[fe80::1]/hook")]
    [InlineData("https://[ff02::1]/hook")]
    [InlineData("https://168.63.129.16/hook")]
    [InlineData("https://192.0.2.1/hook")]
    [InlineData("https://198.51.100.1/hook")]
    [InlineData("https://203.0.113.1/hook")]
    [InlineData("https://198.18.0.1/hook")]
    [InlineData("https://198.19.255.1/hook")]
    [InlineData("https://240.0.0.1/hook")]
    [InlineData("https://255.255.255.255/hook")]
    [InlineData("https://[2002:7f00:1::1]/hook")]
    [InlineData("https://[2002:a9fe:a9fe::1]/hook")]
    [InlineData("https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook")]
    [InlineData("https://[2001::1]/hook")]
    [InlineData("https://[64:ff9b:1::a01:203]/hook")]
    [InlineData("https://[64:ff9b:1::5db8:d70e]/hook")]
    [InlineData("https://[100::1]/hook")]
    [InlineData("https://2130706433/hook")]
    [InlineData("https://localhost/hook")]
    public async Task AnAddressInsideANetworkIsRefusedInAzure(string url)
    {
        Assert.Equal(WebhookTargetPolicy.RefusedTarget, await InAzure.CheckAsync(new Uri(url), Ct));
        Assert.Null(await Locally.CheckAsync(new Uri(url), Ct));
    }

    [Theory]
    [InlineData("https://93.184.215.14/hook")]
    [InlineData("https://[2606:4700:4700::1111]/hook")]
    [InlineData("https://[2002:5db8:d70e::1]/hook")]
    [InlineData("https://[64:ff9b::5db8:d70e]/hook")]
    [InlineData("https://93.184.215.14:443/hook")]
    public async Task APublicAddressIsAllowedInAzure(string url) => Assert.Null(await InAzure.CheckAsync(new Uri(url), Ct));

    [Fact]
    public async Task HttpIsRefusedInAzureAndAllowedLocally()
    {
        Assert.Equal("The URL must use https.", await InAzure.CheckAsync(new Uri("http://93.184.215.14/hook"), Ct));
        Assert.Null(await Locally.CheckAsync(new Uri("http://127.0.0.1:7071/hook"), Ct));
        Assert.NotNull(await Locally.CheckAsync(new Uri("ftp://93.184.215.14/hook"), Ct));
    }

    [Theory]
    [InlineData("https://93.184.215.14:8443/hook")]
    [InlineData("https://[2606:4700:4700::1111]:80/hook")]
    [InlineData("https://receiver.example.org:444/hook")]
    public async Task APortOtherThan443IsRefusedInAzureAndAllowedLocally(string url)
    {
        Assert.Equal(WebhookTargetPolicy.RefusedPort, await InAzure.CheckAsync(new Uri(url), Ct));
        Assert.Null(await Locally.CheckAsync(new Uri(url), Ct));
    }

    [Fact]
    public async Task AConnectionToALoopbackAddressIsRefusedWhenItIsDialledInAzure()
    {
        // A name that resolved to a public address at creation and to an inside one now (DNS rebinding) meets this check.
        await using var receiver = await WebhookReceiverServer.StartAsync(Ct);
        using var refusing = new HttpClient(new SocketsHttpHandler { ConnectCallback = InAzure.ConnectAsync, UseProxy = false });
        using var allowing = new HttpClient(new SocketsHttpHandler { ConnectCallback = Locally.ConnectAsync, UseProxy = false });

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => refusing.PostAsync(receiver.HookUrl, new StringContent("{}"), Ct));
        var allowed = await allowing.PostAsync(receiver.HookUrl, new StringContent("{}"), Ct);

        Assert.Equal(HttpRequestError.ConnectionError, refused.HttpRequestError);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public void IPv4MappedFormsAreJudgedAsTheirIPv4Address()
    {
        Assert.True(WebhookTargetPolicy.IsRefused(IPAddress.Parse("10.0.0.1").MapToIPv6()));
        Assert.False(WebhookTargetPolicy.IsRefused(IPAddress.Parse("93.184.215.14").MapToIPv6()));
    }
}
