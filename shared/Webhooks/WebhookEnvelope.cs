using System.Globalization;
using System.Text;
using System.Text.Json;
using CoP.Shared.DomainEvents;

namespace CoP.Shared.Webhooks;

/// <summary>
/// The body of a delivery, as Standard Webhooks suggests: <c>{"type","timestamp","data"}</c>, the event's type, when
/// it happened (ISO 8601, UTC) and its public data. Built the same way for every attempt of a delivery.
/// </summary>
public static class WebhookEnvelope
{
    public static string Serialize(DomainEvent domainEvent)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", domainEvent.Type);
            json.WriteString("timestamp", Timestamp(domainEvent.OccurredAt));
            json.WritePropertyName("data");
            domainEvent.Data.WriteTo(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>An instant as the envelope writes it: UTC, <c>2026-12-01T09:00:00Z</c>, fractions only when there are some.</summary>
    public static string Timestamp(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
