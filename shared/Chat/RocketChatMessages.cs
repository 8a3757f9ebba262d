using System.Globalization;
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

    private const string MarkdownCharacters = "\\[]()*_~`";

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
        var attachment = new Attachment(Plain(domainEvent.Title, MaxTitleLength), domainEvent.Url, Plain(domainEvent.Summary, MaxSummaryLength, escapeMarkdown: true), fields);
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

    /// <summary>
    /// One line, no control or format characters (no bidi override), at most <paramref name="maxLength"/> characters cut
    /// between whole text elements (never inside a surrogate pair), and no working mention; with <paramref name="escapeMarkdown"/>, Rocket.Chat's markdown characters are shown as typed, so that no text makes a link.
    /// </summary>
    private static string Plain(string text, int maxLength, bool escapeMarkdown = false)
    {
        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 8);
        var length = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            if (length + element.Length > maxLength)
            {
                builder.Append('…');
                break;
            }

            length += element.Length;
            foreach (var rune in element.EnumerateRunes())
            {
                AppendPlain(builder, rune, escapeMarkdown);
            }
        }

        return builder.ToString().Trim();
    }

    private static void AppendPlain(StringBuilder builder, Rune rune, bool escapeMarkdown)
    {
        var category = Rune.GetUnicodeCategory(rune);
        if (category == UnicodeCategory.Format)
        {
            return;
        }

        if (category == UnicodeCategory.Control)
        {
            builder.Append(' ');
            return;
        }

        if (escapeMarkdown && rune.IsAscii && MarkdownCharacters.Contains((char)rune.Value))
        {
            builder.Append('\\');
        }

        builder.Append(rune.ToString());
        if (rune.Value == '@')
        {
            builder.Append('\u200B');
        }
    }

    private sealed record Message(string? Channel, string Alias, string Emoji, string Text, IReadOnlyList<Attachment> Attachments);

    private sealed record Attachment(
        string Title,
        [property: JsonPropertyName("title_link")] string TitleLink,
        string Text,
        IReadOnlyList<Field> Fields);

    private sealed record Field(string Title, string Value, bool Short);
}
