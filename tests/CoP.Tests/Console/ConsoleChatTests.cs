using System.Net;
using CoP.Shared.Chat;
using CoP.Shared.Console;
using CoP.TestSupport;
using CoP.Tests.Browser;
using static CoP.Tests.Console.ConsoleClient;

namespace CoP.Tests.Console;

/// <summary>
/// The console's chat area over real HTTP: the topics with their channels, mapping and unmapping (audited as
/// <c>chat.map</c>, with the manage route's rules), the test message showing Rocket.Chat's answer (audited as
/// <c>chat.test</c>), and what the page never shows (the hook URL).
/// </summary>
public sealed class ConsoleChatTests(StorageFixture storage)
{
    /// <summary>Every route of the chat area, for <see cref="ConsoleAccessTests"/>.</summary>
    public static readonly (string Method, string Path)[] AccessRoutes =
    [
        ("GET", "/api/console/chat"),
        ("POST", "/api/console/chat/channels/biochar"),
        ("POST", "/api/console/chat/test"),
    ];

    [Fact]
    public async Task MappingATopicSavesItsChannelAuditsItAndThePageShowsIt()
    {
        await using var chat = await FakeRocketChatServer.StartAsync(Ct);
        await using var host = await FunctionsTestHost.StartAsync(storage, SettingsFor(chat, "#community"), cancellationToken: Ct);
        using var client = await SignInAsync(host);

        using var mapped = await client.PostAsync("/api/console/chat/channels/biochar", new() { ["channel"] = " #biochar " });
        using var page = await client.GetAsync(mapped.Headers.Location!.OriginalString);
        var html = await page.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.SeeOther, mapped.StatusCode);
        Assert.Equal("/api/console/chat?mapped=biochar", mapped.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("value=\"#biochar\"", html, StringComparison.Ordinal);
        Assert.Contains("<code>#community</code>", html, StringComparison.Ordinal);
        Assert.Contains("role=\"status\"", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/api/console/chat\" aria-current=\"page\">Chat</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeRocketChatServer.HookPath, html, StringComparison.Ordinal);
        Assert.Equal(["#biochar"], await host.App.Get<ChatChannelMap>().ResolveAsync(["biochar"], Ct));
        var row = Assert.Single(await ChatAuditAsync(host));
        Assert.Equal(("chat.map", "biochar", "mapped to #biochar"), (row.Action, row.Target, row.Detail));
    }

    [Fact]
    public async Task AnEmptyChannelUnmapsTheTopic()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        await host.App.Get<ChatChannelMap>().SetAsync("biochar", new ChannelChoice.Room("#biochar"), Ct);
        using var client = await SignInAsync(host);

        using var unmapped = await client.PostAsync("/api/console/chat/channels/biochar", new() { ["channel"] = "" });

        Assert.Equal(HttpStatusCode.SeeOther, unmapped.StatusCode);
        Assert.Empty(await host.App.Get<ChatChannelMap>().ResolveAsync(["biochar"], Ct));
        Assert.Equal("unmapped", Assert.Single(await ChatAuditAsync(host)).Detail);
    }

    [Theory]
    [InlineData("biochar")]
    [InlineData("@ada")]
    [InlineData("#<script>alert(1)</script>")]
    [InlineData("ftp://169.254.169.254/")]
    public async Task ARefusedChannelComesBackBesideItsTopicWithA400AndChangesNothing(string channel)
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);

        using var refused = await client.PostAsync("/api/console/chat/channels/biochar", new() { ["channel"] = channel });
        var html = await refused.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("id=\"channel-biochar-error\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Empty(await host.App.Get<ChatChannelStore>().ListAsync(Ct));
        Assert.Empty(await ChatAuditAsync(host));
    }

    [Fact]
    public async Task AnUnknownTopicGetsA404AndNothingIsAudited()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);

        using var unknown = await client.PostAsync("/api/console/chat/channels/no-such-topic", new() { ["channel"] = "#x" });

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Empty(await ChatAuditAsync(host));
    }

    [Fact]
    public async Task TheTestButtonPostsTheTestMessageShowsRocketChatsAnswerAndAuditsIt()
    {
        await using var chat = await FakeRocketChatServer.StartAsync(Ct);
        chat.Enqueue(FakeRocketChatMode.Success);
        chat.Enqueue(FakeRocketChatMode.Html);
        await using var host = await FunctionsTestHost.StartAsync(storage, SettingsFor(chat, "#community"), cancellationToken: Ct);
        using var client = await SignInAsync(host);

        using var posted = await client.PostAsync("/api/console/chat/test", new() { ["channel"] = "" });
        var postedHtml = await posted.Content.ReadAsStringAsync(Ct);
        using var refused = await client.PostAsync("/api/console/chat/test", new() { ["channel"] = "#soil" });
        var refusedHtml = await refused.Content.ReadAsStringAsync(Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (posted.StatusCode, refused.StatusCode));
        Assert.Contains("Rocket.Chat answered 200: the test message was posted to <code>#community</code>.", postedHtml, StringComparison.Ordinal);
        Assert.Contains("{&quot;success&quot;:true}", postedHtml, StringComparison.Ordinal);
        Assert.Contains("the test message was not posted to <code>#soil</code>", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("&lt;html&gt;", refusedHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<html><body>Sign in", refusedHtml, StringComparison.Ordinal);
        Assert.Equal(["#community", "#soil"], chat.Requests.Select(r => r.Channel));
        var audit = await ChatAuditAsync(host);
        Assert.Equal([("chat.test", "#community", "status 200, posted"), ("chat.test", "#soil", "status 200, not posted")], audit.Select(a => (a.Action, a.Target, a.Detail)).Reverse());
    }

    [Fact]
    public async Task TheTestButtonWithoutAHookSaysSoAndPostsNothing()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);

        using var page = await client.GetAsync("/api/console/chat");
        using var tested = await client.PostAsync("/api/console/chat/test", new() { ["channel"] = "" });

        Assert.Contains("Chat__HookUrl", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, tested.StatusCode);
        Assert.Equal("no hook URL", Assert.Single(await ChatAuditAsync(host)).Detail);
    }

    private static Dictionary<string, string?> SettingsFor(FakeRocketChatServer chat, string defaultChannel) =>
        new(Settings) { ["Chat:HookUrl"] = chat.HookUrl, ["Chat:DefaultChannel"] = defaultChannel };

    private static async Task<List<AuditEntry>> ChatAuditAsync(FunctionsTestHost host) =>
        await host.App.Get<OperatorAudit>().ListAllAsync(Ct).Where(a => a.Action.StartsWith("chat.", StringComparison.Ordinal)).ToListAsync(Ct);
}
