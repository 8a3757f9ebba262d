namespace CoP.Shared.Webhooks;

/// <summary>Whether a webhook is sent its events.</summary>
public enum WebhookState
{
    /// <summary>Its events are delivered.</summary>
    Enabled,

    /// <summary>
    /// Too many deliveries in a row failed: new events are not delivered to it. A redelivery (by an operator) is still
    /// sent, and its success enables the webhook again.
    /// </summary>
    Disabled,
}

/// <summary>
/// An outgoing webhook: another system that hears of the community's domain events, signed by the Standard Webhooks
/// scheme. The signing secrets are not part of it: they are shown once, at creation (and at a rotation), and otherwise
/// only the deliverer reads them (<see cref="WebhookSigningKeys"/>).
/// </summary>
/// <param name="WebhookId"><c>wh_</c> and 24 lowercase hex digits.</param>
/// <param name="Url">Where deliveries are posted.</param>
/// <param name="EventTypes">The <see cref="DomainEvents.DomainEventTypes"/> it hears of, or <c>*</c> alone for all.</param>
/// <param name="Description">What the operator noted about it, or null.</param>
/// <param name="State">Whether it is sent its events.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="ConsecutiveFailures">Deliveries that failed (every attempt of their schedule) since the last success.</param>
/// <param name="DisabledAt">When it was disabled, while it is.</param>
public sealed record Webhook(
    string WebhookId,
    Uri Url,
    IReadOnlyList<string> EventTypes,
    string? Description,
    WebhookState State,
    DateTimeOffset CreatedAt,
    int ConsecutiveFailures,
    DateTimeOffset? DisabledAt)
{
    /// <summary>The event type that subscribes to every type.</summary>
    public const string AllTypes = "*";

    /// <summary>Whether events of <paramref name="eventType"/> are delivered to it (when it is enabled).</summary>
    public bool Subscribes(string eventType) =>
        EventTypes.Contains(AllTypes, StringComparer.Ordinal) || EventTypes.Contains(eventType, StringComparer.Ordinal);
}

/// <summary>What an operator asks for when creating a webhook (checked by <see cref="WebhookRules"/>).</summary>
public sealed record WebhookDefinition(Uri Url, IReadOnlyList<string> EventTypes, string? Description);

/// <summary>
/// The secrets that sign a webhook's deliveries: the current one and, for a while after a rotation, the previous one, so
/// that a receiver can switch over without losing a delivery (each delivery then carries both signatures).
/// </summary>
public sealed record WebhookSigningKeys(string Current, string? Previous, DateTimeOffset? PreviousUntil)
{
    /// <summary>The secrets that sign a delivery sent at <paramref name="now"/>: the current one first.</summary>
    public IReadOnlyList<string> At(DateTimeOffset now) =>
        Previous is not null && PreviousUntil > now ? [Current, Previous] : [Current];
}

/// <summary>A webhook as stored, with its signing keys and the version that conditional writes compare.</summary>
public sealed record StoredWebhook(Webhook Webhook, WebhookSigningKeys Keys, string Version);
