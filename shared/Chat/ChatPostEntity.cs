using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.Chat;

/// <summary>
/// Row of the <c>ChatPosts</c> table: the claim of one post of an event to one channel. PartitionKey the event id,
/// RowKey the channel without its <c>#</c> (table keys refuse it): one conditional insert decides which attempt posts,
/// one point read what became of it. <see cref="State"/>: <c>Posting</c> (claimed, the post under way or its outcome
/// unknown), <c>Posted</c> (Rocket.Chat confirmed it), <c>Unknown</c> (no answer: it may be in the channel, so it is
/// never posted again). A definite refusal deletes the claim, so that the retry can post. No name, no address, no
/// message text.
/// </summary>
public sealed class ChatPostEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Channel { get; set; } = "";
    public string State { get; set; } = ChatPostStates.Posting;
    public int Attempt { get; set; }
    public DateTimeOffset ClaimedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    public static string RowOf(string channel) => channel.TrimStart('#');
}

/// <summary>The values of <see cref="ChatPostEntity.State"/>.</summary>
public static class ChatPostStates
{
    public const string Posting = "Posting";
    public const string Posted = "Posted";
    public const string Unknown = "Unknown";
}
