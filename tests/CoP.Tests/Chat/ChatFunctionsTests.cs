using Azure.Storage.Queues.Models;
using CoP.Functions.Chat;
using CoP.Shared.Chat;
using CoP.TestSupport;

namespace CoP.Tests.Chat;

/// <summary>The chat's manage routes (<c>MapChatChannel</c>, <c>ListChatChannels</c>, <c>TestChat</c>) and the queue trigger <c>PostToChat</c>.</summary>
public sealed class ChatFunctionsTests(StorageFixture storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MapChatChannelMapsATopicAndTheListShowsIt()
    {
        await using var app = TestApp.Create(storage, new Dictionary<string, string?> { ["Chat:DefaultChannel"] = "#community" });

        var mapped = await MapAsync(app, "biochar", """{"channel":"#biochar"}""");
        var list = await ListAsync(app);

        Assert.Equal(200, mapped.Status);
        Assert.Equal("#biochar", mapped.Json().GetProperty("channel").GetString());
        Assert.Equal("#community", list.Json().GetProperty("defaultChannel").GetString());
        var biochar = list.Json().GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("topicSlug").GetString() == "biochar");
        Assert.Equal("#biochar", biochar.GetProperty("channel").GetString());
        Assert.Equal(["#biochar"], await app.Get<ChatChannelMap>().ResolveAsync(["biochar", "water"], Ct));
    }

    [Fact]
    public async Task MapChatChannelWithNullUnmapsTheTopic()
    {
        await using var app = TestApp.Create(storage);
        await MapAsync(app, "biochar", """{"channel":"#biochar"}""");

        var unmapped = await MapAsync(app, "biochar", """{"channel":null}""");
        var again = await MapAsync(app, "biochar", """{"channel":null}""");

        Assert.Equal((200, 200), (unmapped.Status, again.Status));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, unmapped.Json().GetProperty("channel").ValueKind);
        Assert.Empty(await app.Get<ChatChannelMap>().ResolveAsync(["biochar"], Ct));
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"chanel":"#biochar"}""")]
    [InlineData("""{"channel":"biochar"}""")]
    [InlineData("""{"channel":"@ada"}""")]
    [InlineData("""{"channel":"#bio char"}""")]
    [InlineData("""{"channel":"#<b>x</b>"}""")]
    [InlineData("""{"channel":"#a\n"}""")]
    [InlineData("""{"channel":"http://169.254.169.254/"}""")]
    [InlineData("""{"channel":"#aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}""")]
    [InlineData("""{"channel":12}""")]
    [InlineData("""{"channel":["#a"]}""")]
    public async Task MapChatChannelRefusesWhatIsNoRoomNameWithAProblemAndChangesNothing(string body)
    {
        await using var app = TestApp.Create(storage);
        await MapAsync(app, "biochar", """{"channel":"#biochar"}""");

        var refused = await MapAsync(app, "biochar", body);

        Assert.Equal(400, refused.Status);
        Assert.Equal("application/problem+json", refused.ContentType);
        Assert.Equal(["#biochar"], await app.Get<ChatChannelMap>().ResolveAsync(["biochar"], Ct));
    }

    [Fact]
    public async Task MapChatChannelAnswers404ForAnUnknownOrMalformedTopic()
    {
        await using var app = TestApp.Create(storage);

        var unknown = await MapAsync(app, "no-such-topic", """{"channel":"#x"}""");
        var malformed = await MapAsync(app, "Not_A_Slug", """{"channel":"#x"}""");

        Assert.Equal((404, 404), (unknown.Status, malformed.Status));
        Assert.Empty(await app.Get<ChatChannelStore>().ListAsync(Ct));
    }

    [Fact]
    public async Task MapChatChannelRefusesAHugeBodyAndOneThatIsNotJson()
    {
        await using var app = TestApp.Create(storage);

        var huge = await MapAsync(app, "biochar", $$"""{"channel":"#{{new string('a', 5000)}}"}""");
        var form = await MapAsync(app, "biochar", "channel=%23biochar", "application/x-www-form-urlencoded");

        Assert.Equal((413, 415), (huge.Status, form.Status));
    }

    [Fact]
    public async Task TestChatPostsTheTestMessageAndAnswersRocketChatsAnswer()
    {
        await using var chat = await FakeRocketChatServer.StartAsync(Ct);
        await using var app = TestApp.Create(storage, ChatTestApps.Settings(chat, defaultChannel: "#community"));

        var toDefault = await TestAsync(app, body: null);
        var toRoom = await TestAsync(app, """{"channel":"#soil"}""");

        Assert.Equal((200, 200), (toDefault.Status, toRoom.Status));
        Assert.True(toDefault.Json().GetProperty("success").GetBoolean());
        Assert.Equal(200, toDefault.Json().GetProperty("status").GetInt32());
        Assert.Equal("""{"success":true}""", toDefault.Json().GetProperty("body").GetString());
        Assert.Equal(["#community", "#soil"], chat.Requests.Select(r => r.Channel));
        Assert.All(chat.Requests, r => Assert.Equal("application/json; charset=utf-8", r.ContentType));
        Assert.Contains("Test message", chat.Requests[0].Json.GetProperty("text").GetString(), StringComparison.Ordinal);
        ChatPosterTests.AssertHookUrlNeverLogged(app, chat);
    }

    [Fact]
    public async Task TestChatShowsARefusalAsRocketChatGaveIt()
    {
        await using var chat = await FakeRocketChatServer.StartAsync(Ct);
        chat.Enqueue(FakeRocketChatMode.SuccessFalse);
        chat.Enqueue(FakeRocketChatMode.ServerError);
        await using var app = TestApp.Create(storage, ChatTestApps.Settings(chat));

        var successFalse = await TestAsync(app, body: null);
        var serverError = await TestAsync(app, body: null);

        Assert.Equal((200, false), (successFalse.Json().GetProperty("status").GetInt32(), successFalse.Json().GetProperty("success").GetBoolean()));
        Assert.Contains("error-invalid-channel", successFalse.Json().GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal((500, false), (serverError.Json().GetProperty("status").GetInt32(), serverError.Json().GetProperty("success").GetBoolean()));
        Assert.False(chat.Requests[0].Json.TryGetProperty("channel", out _), "Without a default channel the test goes to the hook's own channel.");
    }

    [Fact]
    public async Task TestChatAnswers502WhenRocketChatHangsAnd503WithoutAHookUrl()
    {
        await using var chat = await FakeRocketChatServer.StartAsync(Ct);
        chat.Enqueue(FakeRocketChatMode.Hang);
        var settings = ChatTestApps.Settings(chat);
        settings["Chat:RequestTimeout"] = "00:00:00.300";
        await using var app = TestApp.Create(storage, settings);
        await using var withoutHook = TestApp.Create(storage);

        var hung = await TestAsync(app, body: null);
        var noHook = await TestAsync(withoutHook, body: null);

        Assert.Equal((502, 503), (hung.Status, noHook.Status));
        Assert.DoesNotContain(FakeRocketChatServer.HookPath, hung.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestChatRefusesAChannelThatIsNoRoomName()
    {
        await using var chat = await FakeRocketChatServer.StartAsync(Ct);
        await using var app = TestApp.Create(storage, ChatTestApps.Settings(chat));

        var refused = await TestAsync(app, """{"channel":"@all"}""");

        Assert.Equal(400, refused.Status);
        Assert.Empty(chat.Requests);
    }

    [Fact]
    public async Task PostToChatPostsTheQueuedEvent()
    {
        await using var chat = await FakeRocketChatServer.StartAsync(Ct);
        await using var app = TestApp.Create(storage, ChatTestApps.Settings(chat, defaultChannel: "#community"));
        await app.PublishAsync("doc-f1", [], cancellationToken: Ct);
        var message = await app.ReceiveChatAsync(Ct);

        await app.Function<PostToChatFunction>().PostToChat(message, Ct);

        Assert.Equal("#community", Assert.Single(chat.Requests).Channel);
    }

    [Fact]
    public async Task PostToChatThrowsOnAMessageThatIsNoChatPostSoThatTheHostPoisonsIt()
    {
        await using var chat = await FakeRocketChatServer.StartAsync(Ct);
        await using var app = TestApp.Create(storage, ChatTestApps.Settings(chat, defaultChannel: "#community"));
        var garbage = QueuesModelFactory.QueueMessage("id", "pop", """{"eventId":"../../etc","attempt":1}""", 1);

        await Assert.ThrowsAsync<InvalidOperationException>(() => app.Function<PostToChatFunction>().PostToChat(garbage, Ct));
        Assert.Empty(chat.Requests);
    }

    private static async Task<TestResponse> MapAsync(TestApp app, string slug, string body, string contentType = "application/json")
    {
        var request = app.Raw("PUT", $"/api/manage/chat/channels/{slug}", body, contentType);
        return await TestResponse.ExecuteAsync(await app.Function<MapChatChannelFunction>().MapChatChannel(request, slug, Ct), request);
    }

    private static async Task<TestResponse> ListAsync(TestApp app)
    {
        var request = app.Get("/api/manage/chat/channels");
        return await TestResponse.ExecuteAsync(await app.Function<ListChatChannelsFunction>().ListChatChannels(request, Ct), request);
    }

    private static async Task<TestResponse> TestAsync(TestApp app, string? body)
    {
        var request = body is null ? TestRequests.Empty(app.Services, "POST", "/api/manage/chat/test") : app.Raw("POST", "/api/manage/chat/test", body, "application/json");
        return await TestResponse.ExecuteAsync(await app.Function<TestChatFunction>().TestChat(request, Ct), request);
    }
}
