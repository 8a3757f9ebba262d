namespace CoP.Shared.Topics;

/// <summary>
/// A topic of the community's work. Retired topics stay valid on old records (a member's interests,
/// a document's topics) but are no longer offered.
/// </summary>
public sealed record Topic(string Slug, string Name, string? Description, bool Retired, DateTimeOffset UpdatedAt);

/// <summary>What an upsert of a topic did.</summary>
public abstract record TopicUpsert
{
    private TopicUpsert()
    {
    }

    public sealed record Created(Topic Topic) : TopicUpsert;

    /// <summary>Renamed, described anew, or offered again after being retired.</summary>
    public sealed record Updated(Topic Topic) : TopicUpsert;
}

/// <summary>What retiring a topic did.</summary>
public abstract record TopicRetirement
{
    private TopicRetirement()
    {
    }

    public sealed record Retired : TopicRetirement;

    public sealed record AlreadyRetired : TopicRetirement;

    public sealed record NotFound : TopicRetirement;
}
