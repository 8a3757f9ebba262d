using System.Text.Json;
using System.Text.Unicode;
using CoP.Shared.Members;

namespace CoP.Shared.EmailEvents;

/// <summary>
/// The fields of one Event Webhook event that the app uses; SendGrid sends many more, which are ignored. Our
/// custom args arrive flattened to top-level fields (<c>memberId</c>, and for the newsletter <c>issueId</c> and
/// <c>batchId</c>). The event's <c>email</c> and <c>reason</c> are never read: they can hold addresses.
/// </summary>
public sealed record EmailEvent(
    string? Event,
    string? EventId,
    DateTimeOffset? OccurredAt,
    string? BounceType,
    string? MemberId,
    string? IssueId,
    string? BatchId)
{
    /// <summary>The events of a webhook post (a JSON array), or null when the body is not one.</summary>
    public static IReadOnlyList<EmailEvent>? ParseBatch(ReadOnlyMemory<byte> body)
    {
        // JsonDocument checks the encoding of a string only when it is read, and then throws
        // InvalidOperationException: a bad byte must be a 400 here, not a 500 later.
        if (!Utf8.IsValid(body.Span))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            return [.. document.RootElement.EnumerateArray().Select(Read)];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The member id when it is a well-formed one (32 lowercase hex characters), else null.</summary>
    public string? ValidMemberId => MemberStore.IsValidMemberId(MemberId) ? MemberId : null;

    private static EmailEvent Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            // Acknowledged and ignored, like an event of a kind the app does not know.
            return new EmailEvent(null, null, null, null, null, null, null);
        }

        return new EmailEvent(
            Text(element, "event"),
            Text(element, "sg_event_id"),
            Time(element, "timestamp"),
            Text(element, "type"),
            Text(element, "memberId"),
            Text(element, "issueId"),
            Text(element, "batchId"));
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 256 } text
            ? text
            : null;

    /// <summary>SendGrid's <c>timestamp</c>: Unix seconds, a JSON number.</summary>
    private static DateTimeOffset? Time(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds)
            && seconds is > 0 and < 253_402_300_800
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
