using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using CoP.Shared.Chat;
using CoP.Shared.DomainEvents;
using CoP.TestSupport;
using Microsoft.Extensions.Logging;

namespace CoP.Tests.Chat;

/// <summary>
/// Domain events to Rocket.Chat end to end: published through the domain event log, queued by the chat notifier, posted
/// by the poster behind <c>PostToChat</c> to a fake Rocket.Chat whose records say what is in the channels.
/// </summary>
public sealed class ChatPosterTests(StorageFixture storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnEventIsPostedOnceToItsMappedChannelAsRawJsonWithItsTitleAndLink()
    {
        await using var chat = await FakeRocketChatServer.StartAsync(Ct);
        await using var app = TestApp.Create(storage, ChatTestApps.Settings(chat, defaultChannel: "#community"));
        await MapAsync(app, "biochar", "#soil");
        var published = await app.PublishAsync("doc-1", ["biochar"], cancellationToken: Ct);

        var drain = await app.PostQueuedChatAsync(cancellationToken: Ct);

        Assert.Equal(["#soil"], Assert.IsType<ChatPostResult.Settled>(Assert.Single(drain.Results)).PostedNow);
        var request = Assert.Single(chat.Requests);
        Assert.Equal(FakeRocketChatServer.HookPath, request.Path);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        Assert.StartsWith("{", request.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("payload=", request.Body, StringComparison.Ordinal);
        var json = request.Json;
        Assert.Equal("#soil", json.GetProperty("channel").GetString());
        Assert.Equal("Climate-Soil CoP", json.GetProperty("alias").GetString());
        Assert.Equal(":seedling:", json.GetProperty("emoji").GetString());
        Assert.Equal(RocketChatMessages.Headline(DomainEventTypes.DocumentPublished), json.GetProperty("text").GetString());
        var attachment = Assert.Single(json.GetProperty("attachments").EnumerateArray().ToList());
        Assert.Equal(published.Title, attachment.GetProperty("title").GetString());
        Assert.Equal(published.Url, attachment.GetProperty("title_link").GetString());
        Assert.Equal(published.Summary, attachment.GetProperty("text").GetString());
        Assert.Equal("biochar", attachment.GetProperty("fields")[0].GetProperty("value").GetString());
        Assert.Equal(ChatPostStates.Posted, Assert.Single(await RowsAsync(app)).GetString("State"));
        AssertHookUrlNeverLogged(app, chat);
    }

    [Fact]
    public async Task AnEventIsPostedOnceAcrossRefusalsAndThenConfirmed()
    {
        await using var chat = await FakeRocketChatServer.StartAsync(Ct);
        chat.Enqueue(FakeRocketChatMode.ServerError);
        chat.Enqueue(FakeRocketChatMode.SuccessFalse);
        chat.Enqueue(FakeRocketChatMode.Html);
        await using var app = TestApp.Create(storage, ChatTestApps.Settings(chat, defaultChannel: "#community"));
        await app.PublishAsync("doc-2", ["water"], cancellationToken: Ct);

        var drain = await app.PostQueuedChatAsync(cancellationToken: Ct);

        Assert.Equal(4, chat.Requests.Count);
        var posted = Assert.Single(chat.Posted);
        Assert.Equal("#community", posted.Channel);
        Assert.Equal([2, 3, 4], drain.Results.OfType<ChatPostResult.RetryScheduled>().Select(r => r.NextAttempt));
        Assert.IsType<ChatPostResult.Settled>(drain.Results[^1]);
        Assert.Empty(drain.Failures);
        Assert.Equal(0, await app.QueuedChatCountAsync(Ct));
        AssertHookUrlNeverLogged(app, chat);
    }

    [Fact]
    public async Task TheSameMessageHandedOverAgainAfterAPostPostsNothingTheSecondTime()
    {
        await using var chat = await FakeRocketChatServer.StartAsync(Ct);
        await using var app = TestApp.Create(storage, ChatTestApps.Settings(chat, defaultChannel: "#community"));
        await app.PublishAsync("doc-3", [], cancellationToken: Ct);
        var message = await app.ReceiveChatAsync(Ct);
        var poster = app.Get<ChatPoster>();

        var first = await poster.PostAsync(message.Body.ToString(), Ct);
        var second = await poster.PostAsync(message.Body.ToString(), Ct);

        Assert.Equal(["#community"], Assert.IsType<ChatPostResult.Settled>(first).PostedNow);
        Assert.Empty(Assert.IsType<ChatPostResult.Settled>(second).PostedNow);
        Assert.Single(chat.Requests);
    }

    [Fact]
    public async Task TheSameMessageDeliveredThreeTimesAtOncePostsOnce()
    {
        await using var chat = await FakeRocketChatServer.StartAsync(Ct);
        await using var app = TestApp.Create(storage, ChatTestApps.Settings(chat, defaultChannel: "#community"));
        await app.PublishAsync("doc-4", [], cancellationToken: Ct);
        var text = (await app.ReceiveChatAsync(Ct)).Body.ToString();
        var poster = app.Get<ChatPoster>();

        var results = await Task.WhenAll(poster.PostAsync(text, Ct), poster.PostAsync(text, Ct), poster.PostAsync(text, Ct));

        Assert.Single(chat.Requests);
        Assert.Equal(1, results.Sum(r => Assert.IsType<ChatPostResult.Settled>(r).PostedNow.Count));
    }

    [Fact]
    public async Task AnAnswerCutOffAfterRocketChatTookThePostIsNeverPostedAgain()
    {
        await using var chat = await FakeRocketChatServer.StartAsync(Ct);
        chat.Enqueue(FakeRocketChatMode.AnswerThenFail);
        await using var app = TestApp.Create(storage, ChatTestApps.Settings(chat, defaultChannel: "#community"));
        var published = await app.PublishAsync("doc-5", [], cancellationToken: Ct);
        var text = (await app.ReceiveChatAsync(Ct)).Body.ToString();
        var poster = app.Get<ChatPoster>();

        var first = await poster.PostAsync(text, Ct);
        var again = await poster.PostAsync(text, Ct);

        Assert.Empty(Assert.IsType<ChatPostResult.Settled>(first).PostedNow);
        Assert.Empty(Assert.IsType<ChatPostResult.Settled>(again).PostedNow);
        Assert.Single(chat.Posted);
        Assert.Single(chat.Requests);
        Assert.Equal(ChatPostStates.Unknown, Assert.Single(await RowsAsync(app)).GetString("State"));
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Warning && e.StateValues.Contains(published.EventId, StringComparison.Ordinal) && e.Message.Contains("not posted again", StringComparison.Ordinal));
        AssertHookUrlNeverLogged(app, chat);
    }

    [Fact]
    public async Task AHookThatHangsIsGivenUpAfterTheTimeoutAndNotPostedAgain()
    {
        await using var chat = await FakeRocketChatServer.StartAsync(Ct);
        chat.Enqueue(FakeRocketChatMode.Hang);
        var settings = ChatTestApps.Settings(chat, defaultChannel: "#community");
        settings["Chat:RequestTimeout"] = "00:00:00.500";
        await using var app = TestApp.Create(storage, settings);
        await app.PublishAsync("doc-6", [], cancellationToken: Ct);

        var drain = await app.PostQueuedChatAsync(cancellationToken: Ct);

        Assert.Empty(Assert.IsType<ChatPostResult.Settled>(Assert.Single(drain.Results)).PostedNow);
        Assert.Single(chat.Requests);
        Assert.Equal(ChatPostStates.Unknown, Assert.Single(await RowsAsync(app)).GetString("State"));
    }

    [Fact]
    public async Task AClaimLeftByAnAttemptThatCouldNotRecordItsSuccessIsNotPostedAgain()
    {
        await using var chat = await FakeRocketChatServer.StartAsync(Ct);
        await using var app = TestApp.Create(storage, ChatTestApps.Settings(chat, defaultChannel: "#community"));
        var published = await app.PublishAsync("doc-7", [], cancellationToken: Ct);
        var text = (await app.ReceiveChatAsync(Ct)).Body.ToString();

        // An earlier attempt claimed the post, posted it, and died before recording the confirmation.
        var posts = app.Table("ChatPosts");
        await posts.CreateIfNotExistsAsync(Ct);
        await posts.AddEntityAsync(new ChatPostEntity { PartitionKey = published.EventId, RowKey = "community", Channel = "#community", Attempt = 1, ClaimedAt = DateTimeOffset.UtcNow }, Ct);

        var result = await app.Get<ChatPoster>().PostAsync(text, Ct);

        Assert.Empty(Assert.IsType<ChatPostResult.Settled>(result).PostedNow);
        Assert.Empty(chat.Requests);
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Warning && e.StateValues.Contains(published.EventId, StringComparison.Ordinal) && e.Message.Contains("claimed by an earlier attempt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnEventGoesOnceToEachDistinctChannelOfItsTopics()
    {
        await using var chat = await FakeRocketChatServer.StartAsync(Ct);
        await using var app = TestApp.Create(storage, ChatTestApps.Settings(chat, defaultChannel: "#community"));
        await MapAsync(app, "biochar", "#soil");
        await MapAsync(app, "policy-alignment", "#soil");
        await MapAsync(app, "monitoring-slm", "#trees");
        await app.PublishAsync("doc-8", ["biochar", "policy-alignment", "monitoring-slm"], cancellationToken: Ct);

        await app.PostQueuedChatAsync(cancellationToken: Ct);

        Assert.Equal(["#soil", "#trees"], chat.Requests.Select(r => r.Channel).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnEventOfUnmappedTopicsGoesToTheDefaultChannelOrNowhere()
    {
        await using var chat = await FakeRocketChatServer.StartAsync(Ct);
        await using (var withDefault = TestApp.Create(storage, ChatTestApps.Settings(chat, defaultChannel: "#community")))
        {
            await withDefault.PublishAsync("doc-9", ["water"], cancellationToken: Ct);
            await withDefault.PostQueuedChatAsync(cancellationToken: Ct);
        }

        await using var withoutDefault = TestApp.Create(storage, ChatTestApps.Settings(chat));
        await withoutDefault.PublishAsync("doc-10", ["water"], cancellationToken: Ct);
        var drain = await withoutDefault.PostQueuedChatAsync(cancellationToken: Ct);

        Assert.Equal("#community", Assert.Single(chat.Requests).Channel);
        Assert.IsType<ChatPostResult.NoChannel>(Assert.Single(drain.Results));
    }

    [Fact]
    public async Task WithoutAHookUrlNothingIsQueuedForTheChat()
    {
        await using var app = TestApp.Create(storage);
        await app.PublishAsync("doc-11", ["water"], cancellationToken: Ct);

        Assert.Equal(0, await app.QueuedChatCountAsync(Ct));
    }

    [Fact]
    public async Task TooManyRequestsQueuesTheEventAgainAfterItsRetryAfterAndReleasesTheClaim()
    {
        await using var chat = await FakeRocketChatServer.StartAsync(Ct);
        chat.Enqueue(FakeRocketChatMode.TooManyRequests);
        chat.RetryAfterSeconds = 7;
        await using var app = TestApp.Create(storage, ChatTestApps.Settings(chat, defaultChannel: "#community"));
        await app.PublishAsync("doc-12", [], cancellationToken: Ct);
        var message = await app.ReceiveChatAsync(Ct);

        var result = await app.Get<ChatPoster>().PostAsync(message.Body.ToString(), Ct);

        Assert.Equal(new ChatPostResult.RetryScheduled(2, TimeSpan.FromSeconds(7)), result);
        Assert.Empty(await RowsAsync(app));
        Assert.Equal(2, await app.QueuedChatCountAsync(Ct)); // the received one (not deleted here) and the retry
    }

    [Fact]
    public async Task ARetryAfterOfZeroNeverShortensTheDoublingWait()
    {
        await using var chat = await FakeRocketChatServer.StartAsync(Ct);
        chat.Enqueue(FakeRocketChatMode.TooManyRequests);
        chat.RetryAfterSeconds = 0;
        var settings = ChatTestApps.Settings(chat, defaultChannel: "#community");
        settings["Chat:RetryBaseDelay"] = "00:00:05";
        await using var app = TestApp.Create(storage, settings);
        await app.PublishAsync("doc-15", [], cancellationToken: Ct);
        var message = await app.ReceiveChatAsync(Ct);

        var result = await app.Get<ChatPoster>().PostAsync(message.Body.ToString(), Ct);

        Assert.Equal(new ChatPostResult.RetryScheduled(2, TimeSpan.FromSeconds(5)), result);
    }

    [Fact]
    public async Task AHookWhoseTlsHandshakeNeverEndsIsTriedAgainAsNothingWasSent()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = silent.AcceptTcpClientAsync(Ct).AsTask();
        await using var chat = await FakeRocketChatServer.StartAsync(Ct);
        var settings = ChatTestApps.Settings(chat, defaultChannel: "#community");
        settings["Chat:HookUrl"] = $"https://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}{FakeRocketChatServer.HookPath}";
        settings["Chat:RequestTimeout"] = "00:00:00.500";
        await using var app = TestApp.Create(storage, settings);
        await app.PublishAsync("doc-16", [], cancellationToken: Ct);
        var message = await app.ReceiveChatAsync(Ct);

        var result = await app.Get<ChatPoster>().PostAsync(message.Body.ToString(), Ct);

        Assert.Equal(new ChatPostResult.RetryScheduled(2, TimeSpan.FromMilliseconds(10)), result);
        Assert.Empty(await RowsAsync(app)); // the claim is released: the next attempt posts
        using var client = await accepted;
    }

    [Fact]
    public async Task AnEventRefusedOnEveryAttemptGoesToThePoisonQueueWithAnErrorAndACount()
    {
        await using var chat = await FakeRocketChatServer.StartAsync(Ct);
        chat.DefaultMode = FakeRocketChatMode.ServerError;
        var settings = ChatTestApps.Settings(chat, defaultChannel: "#community");
        settings["Chat:MaxAttempts"] = "3";
        await using var app = TestApp.Create(storage, settings);
        using var poisonCount = new ChatPoisonCounter(app);
        var published = await app.PublishAsync("doc-13", [], cancellationToken: Ct);

        var drain = await app.PostQueuedChatAsync(cancellationToken: Ct);

        Assert.Equal(3, chat.Requests.Count);
        Assert.Empty(chat.Posted);
        Assert.Equal(new ChatPostResult.Poisoned(3), drain.Results[^1]);
        var poisoned = Assert.Single(await app.PoisonedChatAsync(Ct));
        Assert.Contains(published.EventId, poisoned, StringComparison.Ordinal);
        Assert.Equal(1, poisonCount.Count);
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Error && e.StateValues.Contains(published.EventId, StringComparison.Ordinal));
        AssertHookUrlNeverLogged(app, chat);
    }

    [Fact]
    public async Task NoMessageCarriesTheEventsDataOrAWorkingMention()
    {
        await using var chat = await FakeRocketChatServer.StartAsync(Ct);
        await using var app = TestApp.Create(storage, ChatTestApps.Settings(chat, defaultChannel: "#community"));
        var data = new { id = "doc-14", contactEmail = "ada.lovelace@mail.test", uploaderName = "Ada Lovelace", memberId = "m-0123456789" };
        await app.PublishAsync("doc-14", [], title: "@all read this", data: data, cancellationToken: Ct);

        await app.PostQueuedChatAsync(cancellationToken: Ct);

        var body = Assert.Single(chat.Requests).Body;
        foreach (var personal in new[] { "ada.lovelace", "mail.test", "Ada Lovelace", "m-0123456789", "contactEmail", "uploaderName" })
        {
            Assert.DoesNotContain(personal, body, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("@all", body, StringComparison.Ordinal);
        Assert.Contains("@\u200Ball", Assert.Single(chat.Requests).Json.GetProperty("attachments")[0].GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.All(await RowsAsync(app), row => Assert.DoesNotContain("mail.test", string.Join(" ", row.Select(property => property.Value)), StringComparison.Ordinal));
    }

    private static async Task MapAsync(TestApp app, string topic, string channel) =>
        Assert.IsType<ChannelMapResult.Mapped>(await app.Get<ChatChannelMap>().SetAsync(topic, new ChannelChoice.Room(channel), Ct));

    private static async Task<List<TableEntity>> RowsAsync(TestApp app)
    {
        var table = app.Table("ChatPosts");
        await table.CreateIfNotExistsAsync(Ct);
        return await table.QueryAsync<TableEntity>(cancellationToken: Ct).ToListAsync(Ct);
    }

    internal static void AssertHookUrlNeverLogged(TestApp app, FakeRocketChatServer chat)
    {
        var token = FakeRocketChatServer.HookPath.Split('/')[^1];
        Assert.NotEmpty(app.Logs.Entries);
        Assert.All(app.Logs.Entries, e => Assert.DoesNotContain(token, e.AllText, StringComparison.Ordinal));
        Assert.All(app.Logs.Entries, e => Assert.DoesNotContain(chat.HookUrl, e.AllText, StringComparison.Ordinal));
    }
}
