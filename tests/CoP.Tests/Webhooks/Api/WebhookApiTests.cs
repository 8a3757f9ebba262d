using System.Text.Json;
using CoP.Shared.DomainEvents;
using CoP.Shared.Hosting;
using CoP.Shared.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using static CoP.Tests.Webhooks.Api.WebhookApiFlows;

namespace CoP.Tests.Webhooks.Api;

/// <summary>
/// The webhook manage routes: the secret answered once at creation (and at a rotation) and in no other answer or log
/// line, refused definitions answered as 400 problems naming the field with nothing created, malformed ids answered as
/// unknown ones (404), deliveries listed page by page, and redeliveries queued.
/// </summary>
public sealed class WebhookApiTests(StorageFixture storage)
{
    [Fact]
    public async Task TheSecretIsAnsweredAtCreationOnlyAndSignsAsShown()
    {
        await using var app = TestApp.Create(storage);

        var created = await CreateAsync(app, Definition(description: "Partner feed"));

        Assert.Equal(201, created.Status);
        Assert.Equal("no-store", created.Headers.CacheControl.ToString());
        var json = created.Json();
        var (id, secret) = (json.GetProperty("id").GetString()!, json.GetProperty("secret").GetString()!);
        Assert.Matches("^wh_[0-9a-f]{24}$", id);
        Assert.True(WebhookSecret.IsValid(secret), secret);
        Assert.Equal(("https://receiver.example.org/hooks/cop", "Partner feed", "enabled"), (json.GetProperty("url").GetString(), json.GetProperty("description").GetString(), json.GetProperty("state").GetString()));
        Assert.Equal([DomainEventTypes.DocumentPublished, DomainEventTypes.PollClosed], json.GetProperty("eventTypes").EnumerateArray().Select(t => t.GetString()));
        // The secret shown is the one that signs.
        Assert.Equal(secret, (await app.Get<WebhookStore>().GetAsync(id, Ct))!.Keys.Current);

        var listed = await ListAsync(app);
        Assert.Equal(200, listed.Status);
        Assert.Equal("no-store", listed.Headers.CacheControl.ToString());
        var webhook = Assert.Single(listed.Json().GetProperty("webhooks").EnumerateArray());
        Assert.Equal((id, 0), (webhook.GetProperty("id").GetString(), webhook.GetProperty("consecutiveFailures").GetInt32()));
        Assert.False(webhook.TryGetProperty("secret", out _));
        Assert.DoesNotContain(secret, listed.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKeyText(secret), listed.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Logs.Entries, entry => entry.AllText.Contains(SecretKeyText(secret), StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARotationAnswersANewSecretOnceAndThePreviousOneStillSigns()
    {
        await using var app = TestApp.Create(storage);
        var (id, first) = await WebhookAsync(app);

        var rotated = await RotateAsync(app, id);

        Assert.Equal(200, rotated.Status);
        Assert.Equal("no-store", rotated.Headers.CacheControl.ToString());
        var second = rotated.Json().GetProperty("secret").GetString()!;
        Assert.Equal(id, rotated.Json().GetProperty("id").GetString());
        Assert.True(WebhookSecret.IsValid(second));
        Assert.NotEqual(first, second);
        var keys = (await app.Get<WebhookStore>().GetAsync(id, Ct))!.Keys;
        Assert.Equal((second, first), (keys.Current, keys.Previous));
        Assert.DoesNotContain(second, (await ListAsync(app)).Body, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Logs.Entries, entry => entry.AllText.Contains(SecretKeyText(second), StringComparison.Ordinal));
    }

    public static TheoryData<string, string> RefusedDefinitions() => new()
    {
        { """{"url":"ftp://receiver.example.org/hooks","eventTypes":["*"]}""", "url" },
        { """{"url":"https://user:password@receiver.example.org/hooks","eventTypes":["*"]}""", "url" },
        { """{"url":"receiver.example.org/hooks","eventTypes":["*"]}""", "url" },
        { """{"url":"javascript:alert(1)","eventTypes":["*"]}""", "url" },
        { """{"eventTypes":["*"]}""", "url" },
        { """{"url":42,"eventTypes":["*"]}""", "url" },
        { $$"""{"url":"https://example.org/{{new string('a', 2100)}}","eventTypes":["*"]}""", "url" },
        { """{"url":"https://receiver.example.org/hooks"}""", "eventTypes" },
        { """{"url":"https://receiver.example.org/hooks","eventTypes":[]}""", "eventTypes" },
        { """{"url":"https://receiver.example.org/hooks","eventTypes":["member.joined"]}""", "eventTypes" },
        { """{"url":"https://receiver.example.org/hooks","eventTypes":["*","poll.opened"]}""", "eventTypes" },
        { """{"url":"https://receiver.example.org/hooks","eventTypes":"poll.opened"}""", "eventTypes" },
        { """{"url":"https://receiver.example.org/hooks","eventTypes":["*"],"description":"<script>alert(1)</script>\u0007"}""", "description" },
        { """{"url":"https://receiver.example.org/hooks","eventTypes":["*"],"description":"Feed \u202Egnp.exe"}""", "description" },
        { """[{"url":"https://receiver.example.org/hooks","eventTypes":["*"]}]""", "body" },
        { """{"url":"https://receiver.example.org/hooks","eventTypes":["*"]""", "eventTypes" },
    };

    [Theory]
    [MemberData(nameof(RefusedDefinitions))]
    public async Task ARefusedDefinitionIsAProblemNamingTheFieldAndCreatesNothing(string body, string field)
    {
        await using var app = TestApp.Create(storage);

        var answer = await CreateRawAsync(app, body, "application/json");

        Assert.Equal(400, answer.Status);
        Assert.True(answer.Json().GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {answer.Body}");
        Assert.Empty(await app.Get<WebhookService>().ListAsync(Ct));
    }

    [Fact]
    public async Task ABodyThatIsNotJsonOrTooLargeIsRefusedAndCreatesNothing()
    {
        await using var app = TestApp.Create(storage);

        var form = await CreateRawAsync(app, "url=https%3A%2F%2Fexample.org&eventTypes=*", "application/x-www-form-urlencoded");
        var huge = await CreateRawAsync(app, JsonSerializer.Serialize(new { url = "https://example.org/hooks", eventTypes = new[] { "*" }, description = new string('a', 20_000) }), "application/json");

        Assert.Equal((415, 413), (form.Status, huge.Status));
        Assert.Empty(await app.Get<WebhookService>().ListAsync(Ct));
    }

    public static TheoryData<string> InternalTargets() => new()
    {
        "https://127.0.0.1/hooks", "https://10.1.2.3/hooks", "https://169.254.169.254/latest/meta-data", "https://[::1]/hooks",
        "https://[::ffff:127.0.0.1]/hooks", "https://localhost/hooks", "http://receiver.example.org/hooks",
    };

    [Theory]
    [MemberData(nameof(InternalTargets))]
    public async Task InAzureATargetInsideANetworkOrWithoutHttpsIsRefusedAsTheUrlsError(string url)
    {
        await using var app = TestApp.Create(
            storage, compose: (services, _) => services.AddSingleton(new WebhookTargetPolicy(new HostingEnvironment(runsInAzure: true))));

        var answer = await CreateAsync(app, Definition(url: url));

        Assert.Equal(400, answer.Status);
        Assert.True(answer.Json().GetProperty("errors").TryGetProperty("url", out _), answer.Body);
        Assert.Empty(await app.Get<WebhookService>().ListAsync(Ct));
    }

    public static TheoryData<string> MalformedIds() => new() { "wh_0123", "WH_0123456789ABCDEF01234567", "wh_0123456789abcdef01234567x", "../../x", "wh_0123456789abcdef0123456%" };

    [Theory]
    [MemberData(nameof(MalformedIds))]
    public async Task AMalformedIdIsNotFoundOnEveryRoute(string webhookId)
    {
        await using var app = TestApp.Create(storage);

        var answers = new[]
        {
            await DeleteAsync(app, webhookId),
            await RotateAsync(app, webhookId),
            await DeliveriesAsync(app, webhookId),
            await RedeliverAsync(app, webhookId, DomainEvent.IdOf(DomainEventTypes.PollOpened, "p")),
        };

        Assert.All(answers, answer => Assert.Equal(404, answer.Status));
    }

    [Fact]
    public async Task DeletingRemovesTheWebhookAndItsDeliveriesAndASecondDeleteIsNotFound()
    {
        await using var app = TestApp.Create(storage);
        var (id, _) = await WebhookAsync(app);
        var (other, _) = await WebhookAsync(app);
        var deliveryId = await DeliveryAsync(app, id, "doc-1", DateTimeOffset.UtcNow);

        var deleted = await DeleteAsync(app, id);
        var again = await DeleteAsync(app, id);

        Assert.Equal((204, 404), (deleted.Status, again.Status));
        Assert.Equal(other, Assert.Single(await app.Get<WebhookService>().ListAsync(Ct)).WebhookId);
        Assert.Null(await app.Get<WebhookStore>().GetDeliveryAsync(id, deliveryId, Ct));
        Assert.Equal(404, (await DeliveriesAsync(app, id)).Status);
        Assert.Equal(404, (await RotateAsync(app, id)).Status);
        Assert.Equal(404, (await RedeliverAsync(app, id, deliveryId)).Status);
    }

    [Fact]
    public async Task DeliveriesAreListedNewestFirstAPageAtATime()
    {
        await using var app = TestApp.Create(storage);
        var (id, _) = await WebhookAsync(app);
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await DeliveryAsync(app, id, $"doc-{i}", start.AddMinutes(i)));
        }

        var first = await DeliveriesAsync(app, id, "?limit=2");
        var cursor = first.Json().GetProperty("nextCursor").GetString()!;
        var second = await DeliveriesAsync(app, id, $"?limit=2&cursor={Uri.EscapeDataString(cursor)}");

        Assert.Equal((200, 200), (first.Status, second.Status));
        Assert.Equal("no-store", first.Headers.CacheControl.ToString());
        var listed = first.Json().GetProperty("deliveries").EnumerateArray().Concat(second.Json().GetProperty("deliveries").EnumerateArray()).ToList();
        Assert.Equal([ids[2], ids[1], ids[0]], listed.Select(d => d.GetProperty("id").GetString()));
        Assert.All(listed, d => Assert.Equal(("pending", DomainEventTypes.DocumentPublished, 0), (d.GetProperty("state").GetString(), d.GetProperty("eventType").GetString(), d.GetProperty("attempts").GetInt32())));
        Assert.Equal(JsonValueKind.Null, second.Json().GetProperty("nextCursor").ValueKind);
    }

    public static TheoryData<string, string> RefusedQueries() => new()
    {
        { "?limit=0", "limit" },
        { "?limit=101", "limit" },
        { "?limit=ten", "limit" },
        { "?limit=1&limit=2", "limit" },
        { "?cursor=not-a-cursor", "cursor" },
    };

    [Theory]
    [MemberData(nameof(RefusedQueries))]
    public async Task ARefusedPageQueryIsAProblemNamingTheParameter(string query, string field)
    {
        await using var app = TestApp.Create(storage);
        var (id, _) = await WebhookAsync(app);

        var answer = await DeliveriesAsync(app, id, query);

        Assert.Equal(400, answer.Status);
        Assert.True(answer.Json().GetProperty("errors").TryGetProperty(field, out _), answer.Body);
    }

    [Fact]
    public async Task ARedeliveryIsQueuedAsAFreshSeriesAndAnUnknownDeliveryIsNotFound()
    {
        await using var app = TestApp.Create(storage);
        var (id, _) = await WebhookAsync(app);
        var deliveryId = await DeliveryAsync(app, id, "doc-1", DateTimeOffset.UtcNow);

        var queued = await RedeliverAsync(app, id, deliveryId);
        var unknown = await RedeliverAsync(app, id, DomainEvent.IdOf(DomainEventTypes.PollOpened, "never"));

        Assert.Equal(202, queued.Status);
        Assert.Equal($"/api/manage/webhooks/{id}/deliveries", queued.Headers.Location.ToString());
        Assert.Equal(404, unknown.Status);
        var delivery = (await app.Get<WebhookStore>().GetDeliveryAsync(id, deliveryId, Ct))!.Delivery;
        Assert.Equal((WebhookDeliveryState.Pending, true), (delivery.State, delivery.Redelivered));
    }

    // The key of a secret as it could appear in a log line: its base64 part.
    private static string SecretKeyText(string secret) => secret["whsec_".Length..];
}
