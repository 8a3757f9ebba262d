using System.Text.Json;
using System.Text.RegularExpressions;
using CoP.Shared.Validation;

namespace CoP.Shared.Chat;

/// <summary>What a topic's chat channel is set to: a Rocket.Chat room, or none (the topic's events follow the default channel).</summary>
public abstract record ChannelChoice
{
    private ChannelChoice()
    {
    }

    /// <summary>Post the topic's events to <paramref name="Channel"/> (e.g. <c>#soil-carbon</c>).</summary>
    public sealed record Room(string Channel) : ChannelChoice;

    /// <summary>The topic has no channel of its own.</summary>
    public sealed record Unmapped : ChannelChoice;
}

/// <summary>
/// Rocket.Chat room names as the backend accepts them: <c>#</c> and 1-64 letters, digits, <c>-</c>, <c>_</c> or
/// <c>.</c> (Rocket.Chat's default channel-name rule). Nothing else reaches the <c>channel</c> field of a post, so no
/// operator input can address a person (<c>@user</c>) or carry markup.
/// </summary>
public static partial class ChatChannelRules
{
    public const string ChannelMessage = "A channel is # and 1-64 letters, digits, '-', '_' or '.', e.g. #community; null to unmap.";

    public static bool IsValidChannel(string? channel) => channel is not null && ChannelPattern().IsMatch(channel);

    public static bool IsValidEmoji(string? emoji) => emoji is not null && EmojiPattern().IsMatch(emoji);

    /// <summary>Checks the <c>channel</c> of a mapping request: a room name, or JSON null to unmap; absent is refused, so that a typo never unmaps.</summary>
    public static Validated<ChannelChoice> Check(JsonElement channel)
    {
        var errors = new FieldErrors();
        ChannelChoice? choice = channel.ValueKind switch
        {
            JsonValueKind.Null => new ChannelChoice.Unmapped(),
            JsonValueKind.String when IsValidChannel(channel.GetString()) => new ChannelChoice.Room(channel.GetString()!),
            JsonValueKind.Undefined => Refuse(errors, "The channel is required: a room name such as #community, or null to unmap."),
            _ => Refuse(errors, ChannelMessage),
        };
        return errors.Result(() => choice!);
    }

    /// <summary>Checks a channel an operator typed (the console's form): empty unmaps.</summary>
    public static Validated<ChannelChoice> Check(string? channel)
    {
        var errors = new FieldErrors();
        var trimmed = channel?.Trim() ?? "";
        ChannelChoice? choice = trimmed.Length == 0
            ? new ChannelChoice.Unmapped()
            : IsValidChannel(trimmed) ? new ChannelChoice.Room(trimmed) : Refuse(errors, ChannelMessage);
        return errors.Result(() => choice!);
    }

    private static ChannelChoice? Refuse(FieldErrors errors, string message)
    {
        errors.Add("channel", message);
        return null;
    }

    [GeneratedRegex("^#[A-Za-z0-9._-]{1,64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ChannelPattern();

    [GeneratedRegex("^:[a-z0-9_+-]{1,64}:\\z", RegexOptions.CultureInvariant)]
    private static partial Regex EmojiPattern();
}
