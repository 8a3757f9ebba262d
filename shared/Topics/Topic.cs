namespace CoP.Shared.Topics;

/// <summary>
/// A topic of the community's work. Retired topics stay valid on old records (a member's interests,
/// a document's topics) but are no longer offered.
/// </summary>
public sealed record Topic(string Slug, string Name, string? Description, bool Retired, DateTimeOffset UpdatedAt);

public enum TopicUpsertOutcome
{
    Created,
    Updated,
}

public enum TopicRetireOutcome
{
    Retired,
    AlreadyRetired,
    NotFound,
}
