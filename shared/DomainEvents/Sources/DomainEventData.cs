using System.Text.Json;
using System.Text.Json.Serialization;

namespace CoP.Shared.DomainEvents.Sources;

/// <summary>
/// The <c>data</c> of an event as webhooks carry it: a record of public fields written as a camelCase JSON object, absent
/// fields left out. Each source names its own record, so that the fields of a type are read in one place.
/// </summary>
internal static class DomainEventData
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static JsonElement Of<T>(T data) => JsonSerializer.SerializeToElement(data, Json);
}
