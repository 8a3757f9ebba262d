using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CoP.Shared.DomainEvents;

namespace CoP.Shared.Chat;

/// <summary>
/// The JSON bodies posted to the Rocket.Chat incoming webhook: <c>{"channel","alias","emoji","text","attachments":[{"title",
/// "title_link","text","fields"}]}</c>. An event's message carries a fixed line naming what happened, then the event's
/// public title, its public page, its summary and its topics: titles and links only, never the event's data (the
/// webhooks' payload), and so never a name or an address. The title and summary stay in the attachment, whose text
/// Rocket.Chat does not search for mentions; an <c>@</c> in them is broken up all the same, so that no title can call
/// <c>@all</c>.
/// </summary>
public static class RocketChatMessages
{
    public const int MaxTitleLength = 200;
    public const int MaxSummaryLength = 300;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The message of <paramref name="domainEvent"/> for <paramref name="channel"/>.</summary>
    public static string ForEvent(DomainEvent domainEvent, string channel, ChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        ArgumentNullException.ThrowIfNull(options);
        var fields = domainEvent.Topics.Count == 0
            ? []
            : new[] { new Field("Topics", string.Join(", ", domainEvent.Topics), Short: true) };
        var attachment = new Attachment(Plain(domainEvent.Title, MaxTitleLength), domainEvent.Url, Plain(domainEvent.Summary, MaxSummaryLength), fields);
        return Serialize(new Message(channel, options.Alias, options.Emoji, Headline(domainEvent.Type), [attachment]));
    }

    /// <summary>The test message: to <paramref name="channel"/>, or to the hook's own channel when null.</summary>
    public static string Test(string? channel, ChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Serialize(new Message(channel, options.Alias, options.Emoji, "Test message from the community backend: the chat notifications reach this channel.", []));
    }

    /// <summary>The fixed line of each event type (English: the channels' common language).</summary>
    public static string Headline(string type) => type switch
    {
        DomainEventTypes.DocumentPublished => "New document in the library",
        DomainEventTypes.PollOpened => "A poll is open",
        DomainEventTypes.PollClosed => "A poll has closed",
        DomainEventTypes.EventPublished => "New event",
        DomainEventTypes.EventStartingSoon => "An event starts soon",
        DomainEventTypes.EventMaterialsAdded => "New materials for an event",
        DomainEventTypes.ProjectApproved => "New project on the map",
        DomainEventTypes.ProjectProgressUpdated => "Progress on a project",
        DomainEventTypes.NewsletterSent => "A newsletter issue was sent",
        _ => "News from the community",
    };

    private static string Serialize(Message message) => JsonSerializer.Serialize(message, Json);

    /// <summary>One line, no control characters, at most <paramref name="maxLength"/> characters, and no working mention.</summary>
    private static string Plain(string text, int maxLength)
    {
        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 8);
        foreach (var c in text)
        {
            if (builder.Length >= maxLength)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) ? ' ' : c);
            if (c == '@')
            {
                builder.Append('\u200B');
            }
        }

        return builder.ToString().Trim();
    }

    private sealed record Message(string? Channel, string Alias, string Emoji, string Text, IReadOnlyList<Attachment> Attachments);

    private sealed record Attachment(
        string Title,
        [property: JsonPropertyName("title_link")] string TitleLink,
        string Text,
        IReadOnlyList<Field> Fields);

    private sealed record Field(string Title, string Value, bool Short);
}
