using System.Text.Json;
using CoP.Shared.DomainEvents;
using CoP.Shared.Validation;
using CoP.Shared.Webhooks;

namespace CoP.Tests.Webhooks;

/// <summary>What a webhook definition may be, field by field (the target policy is the service's, see WebhookTargetPolicyTests).</summary>
public sealed class WebhookRulesTests
{
    [Fact]
    public void AValidDefinitionIsReadWithItsTypesInTheDocumentedOrderOnceEach()
    {
        var parsed = WebhookRules.Parse(Json(new { url = "https://crm.example.org/hooks?key=1", eventTypes = new[] { "poll.closed", "document.published", "poll.closed" }, description = "  The   CRM " }));

        var definition = Assert.IsType<Validated<WebhookDefinition>.Valid>(parsed).Value;
        Assert.Equal(new Uri("https://crm.example.org/hooks?key=1"), definition.Url);
        Assert.Equal([DomainEventTypes.DocumentPublished, DomainEventTypes.PollClosed], definition.EventTypes);
        Assert.Equal("The CRM", definition.Description);
    }

    [Fact]
    public void AStarSubscribesToEverything()
    {
        var definition = Assert.IsType<Validated<WebhookDefinition>.Valid>(WebhookRules.Parse(Json(new { url = "https://crm.example.org/", eventTypes = new[] { "*" } }))).Value;

        Assert.Equal(["*"], definition.EventTypes);
        Assert.Null(definition.Description);
        Assert.All(DomainEventTypes.All, type => Assert.True(new Webhook("wh_0123456789abcdef01234567", definition.Url, definition.EventTypes, null, WebhookState.Enabled, DateTimeOffset.UnixEpoch, 0, null).Subscribes(type)));
    }

    [Theory]
    [InlineData("ftp://crm.example.org/hooks", "url")]
    [InlineData("/relative/hooks", "url")]
    [InlineData("https://user:password@crm.example.org/hooks", "url")]
    [InlineData("javascript:alert(1)", "url")]
    [InlineData("", "url")]
    public void ABadUrlIsRefused(string url, string field) =>
        Assert.Contains(field, Assert.IsType<Validated<WebhookDefinition>.Invalid>(WebhookRules.Parse(Json(new { url, eventTypes = new[] { "*" } }))).Errors.Keys);

    [Fact]
    public void AHugeUrlIsRefused()
    {
        var url = "https://crm.example.org/" + new string('a', WebhookRules.MaxUrlLength);

        Assert.Contains("url", Assert.IsType<Validated<WebhookDefinition>.Invalid>(WebhookRules.Parse(Json(new { url, eventTypes = new[] { "*" } }))).Errors.Keys);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[\"poll.exploded\"]")]
    [InlineData("[\"*\", \"poll.opened\"]")]
    [InlineData("[1]")]
    [InlineData("\"poll.opened\"")]
    [InlineData("null")]
    public void BadEventTypesAreRefused(string types)
    {
        var body = JsonDocument.Parse($"{{\"url\":\"https://crm.example.org/\",\"eventTypes\":{types}}}").RootElement;

        Assert.Equal(["eventTypes"], Assert.IsType<Validated<WebhookDefinition>.Invalid>(WebhookRules.Parse(body)).Errors.Keys);
    }

    [Fact]
    public void ADescriptionFollowsTheTextPolicy()
    {
        var invalid = Assert.IsType<Validated<WebhookDefinition>.Invalid>(WebhookRules.Parse(Json(new { url = "https://crm.example.org/", eventTypes = new[] { "*" }, description = "CRM \u202Egnp.exe" })));
        var tooLong = Assert.IsType<Validated<WebhookDefinition>.Invalid>(WebhookRules.Parse(Json(new { url = "https://crm.example.org/", eventTypes = new[] { "*" }, description = new string('x', 501) })));

        Assert.Equal(["description"], invalid.Errors.Keys);
        Assert.Equal(["description"], tooLong.Errors.Keys);
    }

    [Fact]
    public void ABodyThatIsNotAnObjectIsRefused() =>
        Assert.IsType<Validated<WebhookDefinition>.Invalid>(WebhookRules.Parse(JsonDocument.Parse("[1,2]").RootElement));

    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);
}
