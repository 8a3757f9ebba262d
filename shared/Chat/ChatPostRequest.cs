using System.Text.Json;
using CoP.Shared.DomainEvents;

namespace CoP.Shared.Chat;

/// <summary>
/// A message of the <c>chat-posts</c> queue: post the event <paramref name="EventId"/> to its channels, the
/// <paramref name="Attempt"/>-th time (1 for the first; a retry is queued again with the next number and a delay).
/// JSON, camelCase: <c>{"eventId":"evt_…","attempt":1}</c>.
/// </summary>
public sealed record ChatPostRequest(string EventId, int Attempt)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The request in <paramref name="text"/>; null when it is not one (it can never be posted).</summary>
    public static ChatPostRequest? Parse(string text)
    {
        try
        {
            var request = JsonSerializer.Deserialize<ChatPostRequest>(text, Json);
            return request is { Attempt: >= 1 } && DomainEvent.IsValidId(request.EventId) ? request : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
