namespace CoP.Shared.Projects.Submission;

/// <summary>What a member's submission did.</summary>
public abstract record ProjectSubmission
{
    private ProjectSubmission()
    {
    }

    /// <summary>Stored, waiting for review.</summary>
    public sealed record Submitted(StoredProject Project) : ProjectSubmission;

    /// <summary>What the client sent breaks a rule; nothing was stored.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : ProjectSubmission;

    /// <summary>The member has <paramref name="Limit"/> projects waiting for review already: nothing was stored.</summary>
    public sealed record TooManyPending(int Limit) : ProjectSubmission;
}

/// <summary>What an owner's change to their project (an update or a confirmation) did.</summary>
public abstract record ProjectChange
{
    private ProjectChange()
    {
    }

    /// <summary>Stored (an update's definition, or the confirmation); the project with its new version.</summary>
    public sealed record Changed(StoredProject Project) : ProjectChange;

    public sealed record NotFound : ProjectChange;

    /// <summary>The project is someone else's (or has no contact): only its contact changes it.</summary>
    public sealed record NotOwner : ProjectChange;

    /// <summary>The project changed since the version the client named (or kept changing under concurrent changes).</summary>
    public sealed record VersionMismatch : ProjectChange;

    /// <summary>What the client sent breaks a rule; nothing was stored.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : ProjectChange;
}
