using System.Text.Json;
using CoP.Functions.Topics;
using CoP.Shared.Topics;
using CoP.TestSupport;

namespace CoP.Tests.Topics;

public sealed class TopicCatalogTests(StorageFixture storage)
{
    private static CancellationToken None => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListTopicsReturnsTheFiveDefaultTopicsOnFirstUse()
    {
        await using var app = TestApp.Create(storage);

        var response = await ListAsync(app);

        Assert.Equal(200, response.Status);
        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal(
            DefaultTopics.All.Select(t => t.Slug).Order(StringComparer.Ordinal),
            Slugs(response).Order(StringComparer.Ordinal));
        var biochar = response.Json().GetProperty("topics").EnumerateArray().Single(t => t.GetProperty("slug").GetString() == "biochar");
        Assert.Equal("Biochar production and application models", biochar.GetProperty("name").GetString());
    }

    [Fact]
    public async Task UpsertTopicCreatesATopicThatIsListed()
    {
        await using var app = TestApp.Create(storage);

        var created = await UpsertAsync(app, "agroforestry", new { name = "Agroforestry systems", description = "Trees on farms." });

        Assert.Equal(201, created.Status);
        Assert.Equal("/api/manage/topics/agroforestry", created.Headers.Location.ToString());
        Assert.Equal("Agroforestry systems", created.Json().GetProperty("name").GetString());
        Assert.Contains("agroforestry", Slugs(await ListAsync(app)));
    }

    [Fact]
    public async Task UpsertTopicRenamesAnExistingTopic()
    {
        await using var app = TestApp.Create(storage);
        await ListAsync(app);

        var renamed = await UpsertAsync(app, "biochar", new { name = "Biochar: production, use and markets" });

        Assert.Equal(200, renamed.Status);
        var stored = await app.Get<TopicStore>().FindAsync("biochar", None);
        Assert.Equal("Biochar: production, use and markets", stored!.Name);
        Assert.Equal(5, Slugs(await ListAsync(app)).Count);
    }

    [Fact]
    public async Task UpsertTopicCleansTheNameAndDescriptionWithTheTextPolicy()
    {
        await using var app = TestApp.Create(storage);

        var created = await UpsertAsync(app, "agroforestry", new { name = " Agro\u200Bforestry   systems ", description = "Trees\r\n\r\n\r\n\r\non  farms." });

        Assert.Equal(201, created.Status);
        var stored = await app.Get<TopicStore>().FindAsync("agroforestry", None);
        Assert.Equal("Agroforestry systems", stored!.Name);
        Assert.Equal("Trees\n\non farms.", stored.Description);
    }

    [Fact]
    public async Task RetireTopicHidesItFromTheListButKeepsItForOldRecords()
    {
        await using var app = TestApp.Create(storage);

        var retired = await RetireAsync(app, "biochar");

        Assert.Equal(204, retired.Status);
        Assert.DoesNotContain("biochar", Slugs(await ListAsync(app)));
        var kept = await app.Get<TopicStore>().FindAsync("biochar", None);
        Assert.NotNull(kept);
        Assert.True(kept.Retired);
    }

    [Fact]
    public async Task RetireTopicIsIdempotent()
    {
        await using var app = TestApp.Create(storage);

        Assert.Equal(204, (await RetireAsync(app, "biochar")).Status);
        Assert.Equal(204, (await RetireAsync(app, "biochar")).Status);
        Assert.Equal(4, Slugs(await ListAsync(app)).Count);
    }

    [Fact]
    public async Task RetireTopicAnswersNotFoundForAnUnknownSlug()
    {
        await using var app = TestApp.Create(storage);

        var response = await RetireAsync(app, "no-such-topic");

        Assert.Equal(404, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
    }

    [Fact]
    public async Task UpsertTopicOffersARetiredTopicAgain()
    {
        await using var app = TestApp.Create(storage);
        await RetireAsync(app, "biochar");

        var response = await UpsertAsync(app, "biochar", new { name = "Biochar" });

        Assert.Equal(200, response.Status);
        Assert.Contains("biochar", Slugs(await ListAsync(app)));
    }

    [Fact]
    public async Task SeedingDoesNotBringBackARetiredDefaultTopicOnTheNextStart()
    {
        await using var first = TestApp.Create(storage);
        await RetireAsync(first, "biochar");

        // A new process (new store, new provisioning) over the same account.
        await using var second = TestApp.Create(storage, prefix: first.Prefix);
        var slugs = Slugs(await ListAsync(second));

        Assert.DoesNotContain("biochar", slugs);
        Assert.Equal(4, slugs.Count);
    }

    [Fact]
    public async Task ConcurrentFirstUseSeedsEachDefaultTopicOnce()
    {
        await using var owner = TestApp.Create(storage);
        var apps = Enumerable.Range(0, 8).Select(_ => TestApp.Create(storage, prefix: owner.Prefix)).ToList();
        try
        {
            var responses = await Task.WhenAll(apps.Select(ListAsync));

            Assert.All(responses, r => Assert.Equal(5, Slugs(r).Count));
        }
        finally
        {
            foreach (var app in apps)
            {
                await app.Services.DisposeAsync();
            }
        }
    }

    public static TheoryData<string, string, string?, int, string> RejectedUpserts => new()
    {
        { "Biochar", "{\"name\":\"x\"}", "application/json", 400, "slug" },
        { "bio_char", "{\"name\":\"x\"}", "application/json", 400, "slug" },
        { "-biochar", "{\"name\":\"x\"}", "application/json", 400, "slug" },
        { "a", "{\"name\":\"x\"}", "application/json", 400, "slug" },
        { new string('a', 65), "{\"name\":\"x\"}", "application/json", 400, "slug" },
        { "..%2F..%2Fetc", "{\"name\":\"x\"}", "application/json", 400, "slug" },
        { "new-topic", "{\"name\":\"x\"}", "text/plain", 415, "" },
        { "new-topic", "name=x", "application/x-www-form-urlencoded", 415, "" },
        { "new-topic", "{\"name\":\"x\"}", "application/json; charset=latin1", 415, "" },
        { "new-topic", "{\"name\":\"x\"}", null, 415, "" },
        { "new-topic", "", "application/json", 400, "body" },
        { "new-topic", "null", "application/json", 400, "body" },
        { "new-topic", "{\"name\":", "application/json", 400, "name" },
        { "new-topic", "[1,2]", "application/json", 400, "body" },
        { "new-topic", "{\"name\":123}", "application/json", 400, "name" },
        { "new-topic", "{\"name\":\"ok\",\"description\":{}}", "application/json", 400, "description" },
        { "new-topic", "{}", "application/json", 400, "name" },
        { "new-topic", "{\"name\":\"   \"}", "application/json", 400, "name" },
        { "new-topic", "{\"name\":\"bad\\u0000name\"}", "application/json", 400, "name" },
        { "new-topic", "{\"name\":\"line\\nbreak\"}", "application/json", 400, "name" },
        { "new-topic", "{\"name\":\"evil\\u202Eemanelif\"}", "application/json", 400, "name" },
        { "new-topic", "{\"name\":\"ok\",\"description\":\"x\\u2066y\"}", "application/json", 400, "description" },
        { "new-topic", JsonSerializer.Serialize(new { name = new string('n', 121) }), "application/json", 400, "name" },
        { "new-topic", JsonSerializer.Serialize(new { name = "ok", description = new string('d', 1001) }), "application/json", 400, "description" },
        { "new-topic", JsonSerializer.Serialize(new { name = "ok", padding = new string('p', 17 * 1024) }), "application/json", 413, "" },
    };

    [Theory]
    [MemberData(nameof(RejectedUpserts))]
    public async Task UpsertTopicRejectsBadInputAndChangesNothing(string slug, string body, string? contentType, int status, string field)
    {
        await using var app = TestApp.Create(storage);
        await ListAsync(app);

        var request = app.Raw("PUT", $"/api/manage/topics/{slug}", body, contentType);
        var response = await TestResponse.ExecuteAsync(await app.Function<UpsertTopicFunction>().UpsertTopic(request, slug, None), request);

        Assert.Equal(status, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        if (field.Length > 0)
        {
            Assert.True(response.Json().GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {response.Body}");
        }

        Assert.Equal(5, Slugs(await ListAsync(app)).Count);
        Assert.Null(await app.Get<TopicStore>().FindAsync("new-topic", None));
    }

    private static async Task<TestResponse> ListAsync(TestApp app)
    {
        var request = app.Get("/api/topics");
        return await TestResponse.ExecuteAsync(await app.Function<ListTopicsFunction>().ListTopics(request, None), request);
    }

    private static async Task<TestResponse> UpsertAsync(TestApp app, string slug, object body)
    {
        var request = app.Json("PUT", $"/api/manage/topics/{slug}", body);
        return await TestResponse.ExecuteAsync(await app.Function<UpsertTopicFunction>().UpsertTopic(request, slug, None), request);
    }

    private static async Task<TestResponse> RetireAsync(TestApp app, string slug)
    {
        var request = TestRequests.Empty(app.Services, "DELETE", $"/api/manage/topics/{slug}");
        return await TestResponse.ExecuteAsync(await app.Function<RetireTopicFunction>().RetireTopic(request, slug, None), request);
    }

    private static List<string> Slugs(TestResponse response) =>
        response.Json().GetProperty("topics").EnumerateArray().Select(t => t.GetProperty("slug").GetString()!).ToList();
}
