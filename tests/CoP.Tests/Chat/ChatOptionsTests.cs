using CoP.Shared.Chat;
using CoP.Shared.Hosting;

namespace CoP.Tests.Chat;

/// <summary>The <c>Chat</c> section at start-up: what counts as a hook, what is refused, and that no refusal quotes the hook URL.</summary>
public sealed class ChatOptionsTests
{
    [Theory]
    [InlineData("", false)]
    [InlineData("   ", false)]
    [InlineData("@Microsoft.KeyVault(VaultName=kv-cop;SecretName=chat-hook-url)", false)]
    [InlineData("https://chat.example.org/hooks/abc/def", true)]
    public void AHookCountsOnlyWhenItIsARealAddress(string url, bool expected)
    {
        var options = new ChatOptions { HookUrl = url };

        Assert.Equal(expected, options.HasHook);
        Assert.Equal(expected, options.Hook is not null);
    }

    [Theory]
    [InlineData("ftp://chat.example.org/hooks/abc/Secr3t", false)]
    [InlineData("https://user:Secr3t@chat.example.org/hooks/abc", false)]
    [InlineData("not a url Secr3t", false)]
    [InlineData("http://chat.example.org/hooks/abc/Secr3t", true)]
    [InlineData("http://127.0.0.1:7000/hooks/abc/Secr3t", true)]
    public void AHookUrlIsRefusedUnlessHttpsOrPlainHttpOffAzureAndTheRefusalNeverQuotesIt(string url, bool acceptedLocally)
    {
        var local = new ChatOptionsValidator(new HostingEnvironment(runsInAzure: false)).Validate(null, new ChatOptions { HookUrl = url });
        var azure = new ChatOptionsValidator(new HostingEnvironment(runsInAzure: true)).Validate(null, new ChatOptions { HookUrl = url });

        Assert.Equal(acceptedLocally, local.Succeeded);
        Assert.True(azure.Failed);
        Assert.Contains("Chat__HookUrl", azure.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("Secr3t", azure.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("Secr3t", local.FailureMessage ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("community")]
    [InlineData("@ada")]
    [InlineData("#two words")]
    public void ADefaultChannelThatIsNoRoomNameFailsStartUp(string channel)
    {
        var result = new ChatOptionsValidator(new HostingEnvironment(runsInAzure: false)).Validate(null, new ChatOptions { DefaultChannel = channel });

        Assert.Contains("Chat__DefaultChannel", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void RetriesWaitTwiceAsLongEachTimeUpToSixHours()
    {
        var options = new ChatOptions { RetryBaseDelay = TimeSpan.FromSeconds(30) };

        Assert.Equal(
            [TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120), TimeSpan.FromHours(6)],
            new[] { 2, 3, 4, 40 }.Select(options.RetryDelay));
    }
}
