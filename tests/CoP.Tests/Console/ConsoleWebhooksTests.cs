using System.Net;
using System.Text.RegularExpressions;
using CoP.Shared.Console;
using CoP.Shared.DomainEvents;
using CoP.Shared.Webhooks;
using CoP.Tests.Browser;
using static CoP.Tests.Console.ConsoleClient;

namespace CoP.Tests.Console;

/// <summary>
/// The console's webhooks area over real HTTP: a webhook added through the form is the manage routes' (the same rules,
/// the same service) and its secret is on the answer page only; refused forms store nothing and name the field; a
/// delivery is redelivered, the secret rotated and the webhook deleted (after the confirmation box), each audited with
/// ids only; unknown and malformed ids are 404 pages.
/// </summary>
public sealed partial class ConsoleWebhooksTests(StorageFixture storage)
{
    private const string SomeWebhook = "wh_0123456789abcdef01234567";
    private const string SomeDelivery = "evt_0123456789abcdef0123456789";

    /// <summary>Every route of the webhooks area, for <see cref="ConsoleAccessTests"/>.</summary>
    public static readonly (string Method, string Path)[] AccessRoutes =
    [
        ("GET", "/api/console/webhooks"),
        ("POST", "/api/console/webhooks"),
        ("GET", $"/api/console/webhooks/{SomeWebhook}"),
        ("POST", $"/api/console/webhooks/{SomeWebhook}/delete"),
        ("POST", $"/api/console/webhooks/{SomeWebhook}/rotate-secret"),
        ("POST", $"/api/console/webhooks/{SomeWebhook}/deliveries/{SomeDelivery}/redeliver"),
    ];

    [Fact]
    public async Task AWebhookAddedThroughTheFormShowsItsSecretOnTheAnswerPageOnly()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);

        using var answer = await PostFormAsync(client, "/api/console/webhooks", Form("https://receiver.example.org/hooks/cop", "Partner <b>feed</b>", DomainEventTypes.DocumentPublished, DomainEventTypes.PollClosed));

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        Assert.Equal("no-store", answer.Headers.CacheControl?.ToString());
        var html = await answer.Content.ReadAsStringAsync(Ct);
        var secret = SecretOf(html);
        var webhook = Assert.Single(await host.App.Get<WebhookService>().ListAsync(Ct));
        Assert.Equal(secret, (await host.App.Get<WebhookStore>().GetAsync(webhook.WebhookId, Ct))!.Keys.Current);
        Assert.Equal(("https://receiver.example.org/hooks/cop", "Partner <b>feed</b>"), (webhook.Url.AbsoluteUri, webhook.Description));
        Assert.Equal([DomainEventTypes.DocumentPublished, DomainEventTypes.PollClosed], webhook.EventTypes);
        Assert.Contains("shown on this page only", html, StringComparison.Ordinal);
        Assert.Contains($"/api/console/webhooks/{webhook.WebhookId}", html, StringComparison.Ordinal);

        foreach (var path in new[] { "/api/console/webhooks", $"/api/console/webhooks/{webhook.WebhookId}", "/api/console/audit" })
        {
            using var page = await client.GetAsync(path);
            var text = await page.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.DoesNotContain(secret["whsec_".Length..], WebUtility.HtmlDecode(text), StringComparison.Ordinal);
            Assert.DoesNotContain("<b>feed", text, StringComparison.Ordinal);
        }

        var audit = Assert.Single(await AuditAsync(host, "webhook."));
        Assert.Equal(("webhook.create", webhook.WebhookId), (audit.Action, audit.Target));
        Assert.DoesNotContain("whsec_", audit.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(host.App.Logs.Entries, entry => entry.AllText.Contains(secret["whsec_".Length..], StringComparison.Ordinal));
    }

    public static TheoryData<string, string> RefusedForms() => new()
    {
        { "an ftp address", "url" },
        { "an address with a password", "url" },
        { "no address", "url" },
        { "no type", "eventTypes" },
        { "every type and one more", "eventTypes" },
        { "an unknown type", "eventTypes" },
        { "a control character in the description", "description" },
    };

    [Theory]
    [MemberData(nameof(RefusedForms))]
    public async Task ARefusedFormNamesTheFieldKeepsTheValuesAndCreatesNothing(string refusal, string field)
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);
        var fields = refusal switch
        {
            "an ftp address" => Form("ftp://receiver.example.org/hooks", "Kept", "*"),
            "an address with a password" => Form("https://user:secret@receiver.example.org/hooks", "Kept", "*"),
            "no address" => Form("", "Kept", "*"),
            "no type" => Form("https://receiver.example.org/hooks", "Kept"),
            "every type and one more" => Form("https://receiver.example.org/hooks", "Kept", "*", DomainEventTypes.PollOpened),
            "an unknown type" => Form("https://receiver.example.org/hooks", "Kept", "member.joined"),
            _ => Form("https://receiver.example.org/hooks", "Kept\u0007", "*"),
        };

        using var answer = await PostFormAsync(client, "/api/console/webhooks", fields);
        var html = await answer.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains($"id=\"{field}-error\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"#{(field == "eventTypes" ? "type-all" : field)}\"", html, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains(">Kept", html, StringComparison.Ordinal);
        Assert.Empty(await host.App.Get<WebhookService>().ListAsync(Ct));
        Assert.Empty(await AuditAsync(host, "webhook."));
    }

    [Fact]
    public async Task AHugeFormIsRefusedAndCreatesNothing()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);

        using var answer = await PostFormAsync(client, "/api/console/webhooks", Form("https://receiver.example.org/" + new string('a', 20_000), "", "*"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
        Assert.Empty(await host.App.Get<WebhookService>().ListAsync(Ct));
    }

    [Fact]
    public async Task ADeliveryIsRedeliveredTheSecretRotatedAndTheWebhookDeletedAfterTheConfirmation()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);
        var (webhookId, first) = await CreateAsync(host);
        var deliveryId = DomainEvent.IdOf(DomainEventTypes.PollClosed, "poll-1");
        await host.App.Get<WebhookStore>().AddDeliveryIfAbsentAsync(WebhookDelivery.New(webhookId, deliveryId, DomainEventTypes.PollClosed, DateTimeOffset.UtcNow), Ct);
        var page = $"/api/console/webhooks/{webhookId}";

        using (var shown = await client.GetAsync(page))
        {
            var html = await shown.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
            Assert.Contains($"action=\"{page}/deliveries/{deliveryId}/redeliver\"", html, StringComparison.Ordinal);
            Assert.Contains(DomainEventTypes.PollClosed, html, StringComparison.Ordinal);
        }

        using (var redelivered = await client.PostAsync($"{page}/deliveries/{deliveryId}/redeliver", []))
        {
            Assert.Equal(HttpStatusCode.SeeOther, redelivered.StatusCode);
            Assert.Equal($"{page}?done=redelivered", redelivered.Headers.Location?.ToString());
            Assert.True((await host.App.Get<WebhookStore>().GetDeliveryAsync(webhookId, deliveryId, Ct))!.Delivery.Redelivered);
        }

        string second;
        using (var rotated = await client.PostAsync($"{page}/rotate-secret", []))
        {
            Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
            Assert.Equal("no-store", rotated.Headers.CacheControl?.ToString());
            second = SecretOf(await rotated.Content.ReadAsStringAsync(Ct));
            Assert.NotEqual(first, second);
            Assert.Equal(second, (await host.App.Get<WebhookStore>().GetAsync(webhookId, Ct))!.Keys.Current);
        }

        using (var unconfirmed = await client.PostAsync($"{page}/delete", []))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
            Assert.Contains("id=\"confirm-error\"", await unconfirmed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            Assert.NotNull(await host.App.Get<WebhookService>().GetAsync(webhookId, Ct));
        }

        using (var deleted = await client.PostAsync($"{page}/delete", new() { ["confirm"] = "delete" }))
        {
            Assert.Equal(HttpStatusCode.SeeOther, deleted.StatusCode);
            Assert.Equal("/api/console/webhooks?deleted=1", deleted.Headers.Location?.ToString());
            Assert.Null(await host.App.Get<WebhookService>().GetAsync(webhookId, Ct));
        }

        using (var again = await client.PostAsync($"{page}/delete", new() { ["confirm"] = "delete" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        var audit = (await AuditAsync(host, "webhook.")).OrderBy(e => e.At).ToList();
        Assert.Equal(
            [("webhook.redeliver", webhookId, deliveryId), ("webhook.rotate", webhookId, ""), ("webhook.delete", webhookId, "")],
            audit.Select(e => (e.Action, e.Target, e.Detail)));
        Assert.All(audit, e => Assert.DoesNotContain("whsec_", e.Target + e.Detail, StringComparison.Ordinal));
    }

    public static TheoryData<string, string> Unknown() => new()
    {
        { "GET", "/api/console/webhooks/wh_0123456789abcdef01234567" },
        { "GET", "/api/console/webhooks/not-a-webhook" },
        { "POST", "/api/console/webhooks/wh_0123456789abcdef01234567/rotate-secret" },
        { "POST", "/api/console/webhooks/not-a-webhook/delete" },
        { "POST", "/api/console/webhooks/wh_0123456789abcdef01234567/deliveries/evt_0123456789abcdef0123456789/redeliver" },
        { "POST", "/api/console/webhooks/wh_0123456789abcdef01234567/deliveries/not-a-delivery/redeliver" },
    };

    [Theory]
    [MemberData(nameof(Unknown))]
    public async Task AnUnknownOrMalformedIdIsANotFoundPageAndChangesNothing(string method, string path)
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);

        using var answer = method == "GET" ? await client.GetAsync(path) : await client.PostAsync(path, new() { ["confirm"] = "delete" });

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Contains("/api/console/webhooks\"", await answer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(await AuditAsync(host, "webhook."));
    }

    /// <summary>The create form's fields, a checked box per type (<see cref="PostFormAsync"/> adds the formToken).</summary>
    internal static List<KeyValuePair<string, string>> Form(string url, string description, params string[] types) =>
        [KeyValuePair.Create("url", url), KeyValuePair.Create("description", description), .. types.Select(type => KeyValuePair.Create("eventTypes", type))];

    /// <summary>Posts a form whose fields may repeat (the event types' boxes), with the client's formToken.</summary>
    internal static Task<HttpResponseMessage> PostFormAsync(ConsoleClient client, string path, List<KeyValuePair<string, string>> fields) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent([.. fields, KeyValuePair.Create("formToken", client.FormToken ?? "")]),
        });

    /// <summary>The secret shown on an answer page.</summary>
    internal static string SecretOf(string html) =>
        SecretField().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException("The page shows no secret.");

    private static async Task<(string Id, string Secret)> CreateAsync(FunctionsTestHost host)
    {
        var definition = new WebhookDefinition(new Uri("https://receiver.example.org/hooks/cop"), [Webhook.AllTypes], null);
        return await host.App.Get<WebhookService>().CreateAsync(definition, Ct) is WebhookCreation.Created { Webhook: var webhook, Secret: var secret }
            ? (webhook.WebhookId, secret)
            : throw new InvalidOperationException("The webhook was refused.");
    }

    private static async Task<List<AuditEntry>> AuditAsync(FunctionsTestHost host, string prefix) =>
        await host.App.Get<OperatorAudit>().ListAllAsync(Ct).Where(e => e.Action.StartsWith(prefix, StringComparison.Ordinal)).ToListAsync(Ct);

    [GeneratedRegex("id=\"secret\" readonly value=\"(whsec_[^\"]+)\"")]
    private static partial Regex SecretField();
}
