namespace CoP.Shared.Projects.Review;

/// <summary>What became of a review decision.</summary>
public abstract record ReviewOutcome
{
    private ReviewOutcome()
    {
    }

    /// <summary>
    /// The project now stands as decided (also when it already did: the same decision again, e.g. a retry or a double
    /// click, changes nothing and mails nothing new). <paramref name="Changed"/> is false when it already stood so.
    /// </summary>
    public sealed record Reviewed(StoredProject Project, bool Changed) : ReviewOutcome;

    public sealed record NotFound : ReviewOutcome;

    /// <summary>The project changed since the version the operator reviewed (<c>If-Match</c>), or kept changing under the decision.</summary>
    public sealed record VersionMismatch : ReviewOutcome;
}

/// <summary>What became of giving a project a new contact.</summary>
public abstract record ContactChange
{
    private ContactChange()
    {
    }

    /// <summary>The member now answers for the project (also when they already did).</summary>
    public sealed record Assigned(StoredProject Project) : ContactChange;

    public sealed record NotFound : ContactChange;

    /// <summary>There is no confirmed member with that id.</summary>
    public sealed record MemberNotFound : ContactChange;

    /// <summary>The project changed since the version the operator saw (<c>If-Match</c>), or kept changing under the change.</summary>
    public sealed record VersionMismatch : ContactChange;
}
