using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CoP.Shared.DomainEvents;

/// <summary>
/// Something that happened in the community that the chat and other systems hear about: written once, with a stable id
/// derived from its type and the happening's key (a document id, a poll id and "opened", a project's progress note), so
/// that however often a source reports it, it is one event. Public content only: a title, the public page's address,
/// topics and the public facts in <see cref="Data"/>; never a member's name or address.
/// </summary>
/// <param name="EventId">The stable id (<c>evt_</c> and 26 hex digits), the Standard Webhooks <c>webhook-id</c> of its deliveries.</param>
/// <param name="Type">One of <see cref="DomainEventTypes"/>.</param>
/// <param name="OccurredAt">When it happened.</param>
/// <param name="Title">The thing's public title (a document's, a poll's question, an event's, a project's), in the community's first language.</param>
/// <param name="Url">The public page of the thing.</param>
/// <param name="Topics">Topic slugs: the chat channel follows them.</param>
/// <param name="Summary">One short line for the chat (a date, the results), or empty.</param>
/// <param name="Data">The webhook payload's <c>data</c>: a JSON object of public fields.</param>
public sealed record DomainEvent(
    string EventId,
    string Type,
    DateTimeOffset OccurredAt,
    string Title,
    string Url,
    IReadOnlyList<string> Topics,
    string Summary,
    JsonElement Data)
{
    /// <summary>The stable id of the happening <paramref name="key"/> of <paramref name="type"/>.</summary>
    public static string IdOf(string type, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{type}\n{key}"));
        return "evt_" + Convert.ToHexStringLower(hash)[..26];
    }

    /// <summary>Whether <paramref name="eventId"/> has the shape of an event id (for ids read from routes and queues).</summary>
    public static bool IsValidId(string? eventId) =>
        eventId is { Length: 30 } && eventId.StartsWith("evt_", StringComparison.Ordinal) && !eventId.AsSpan(4).ContainsAnyExcept(LowerHex);

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");
}

/// <summary>What a source reports: the event before its id and time are settled (the fields as in <see cref="DomainEvent"/>).</summary>
public sealed record DomainEventDraft(
    string Type,
    string Key,
    string Title,
    string Url,
    IReadOnlyList<string> Topics,
    string Summary,
    JsonElement Data);

/// <summary>The event types, as they appear in webhook payloads (<c>type</c>) and subscriptions.</summary>
public static class DomainEventTypes
{
    public const string DocumentPublished = "document.published";
    public const string PollOpened = "poll.opened";
    public const string PollClosed = "poll.closed";
    public const string EventPublished = "event.published";
    public const string EventStartingSoon = "event.starting-soon";
    public const string EventMaterialsAdded = "event.materials-added";
    public const string ProjectApproved = "project.approved";
    public const string ProjectProgressUpdated = "project.progress-updated";
    public const string NewsletterSent = "newsletter.sent";

    /// <summary>Every type, in the order the docs list them.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        DocumentPublished, PollOpened, PollClosed, EventPublished, EventStartingSoon, EventMaterialsAdded, ProjectApproved,
        ProjectProgressUpdated, NewsletterSent,
    ];

    public static bool IsKnown(string? type) => type is not null && All.Contains(type, StringComparer.Ordinal);
}
