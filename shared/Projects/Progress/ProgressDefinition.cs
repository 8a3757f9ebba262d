namespace CoP.Shared.Projects.Progress;

/// <summary>A progress note as its owner sends it, checked for its shape by <see cref="ProgressRules.Parse"/>.</summary>
public sealed record ProgressDefinition(DateOnly Date, string Language, string Text, IReadOnlyList<string> DocumentIds);

/// <summary>What became of a progress note.</summary>
public abstract record ProgressOutcome
{
    private ProgressOutcome()
    {
    }

    /// <summary>The note is on the project's timeline (public at once when the project is).</summary>
    public sealed record Added(ProjectProgress Note) : ProgressOutcome;

    /// <summary>The same note was added before (sent twice, at once or after a lost answer): that note, nothing new.</summary>
    public sealed record AlreadyAdded(ProjectProgress Note) : ProgressOutcome;

    public sealed record NotFound : ProgressOutcome;

    /// <summary>The member is not the project's contact.</summary>
    public sealed record NotOwner : ProgressOutcome;

    /// <summary>The operators rejected the project: it takes no notes until its owner changed it.</summary>
    public sealed record ProjectRejected : ProgressOutcome;

    /// <summary>A field the rules could not check alone was refused: a date in the future, a document not published.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : ProgressOutcome;
}
