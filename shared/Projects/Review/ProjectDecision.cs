using System.Diagnostics;
using CoP.Shared.Validation;

namespace CoP.Shared.Projects.Review;

/// <summary>An operator's decision on a project: publish it on the map, or send it back to its owner with a note.</summary>
public abstract record ProjectDecision
{
    private ProjectDecision()
    {
    }

    /// <summary>The project goes on the public map (again, after an owner's edit).</summary>
    public sealed record Approve : ProjectDecision;

    /// <summary>The project leaves the map, or never goes on it; the owner reads <see cref="Note"/> (said why) and may change it.</summary>
    public sealed record Reject(string Note) : ProjectDecision;
}

/// <summary>Checks an operator's review request: <c>{"decision":"approve"|"reject","note":"…"}</c>.</summary>
public static class ProjectReviewRules
{
    /// <summary>The longest note, in characters.</summary>
    public const int MaxNoteLength = 2000;

    private static readonly TextField NoteField = new("note", MaxNoteLength, Multiline: true, Label: "note");

    /// <summary>
    /// The decision; a rejection needs a note (the owner learns from it what to change), an approval takes none (it
    /// would reach nobody: the owner's mail says only that the project is on the map).
    /// </summary>
    public static Validated<ProjectDecision> Parse(string? decision, string? note)
    {
        var errors = new FieldErrors();
        var cleaned = errors.Text(note, NoteField);
        ProjectDecision? parsed = decision switch
        {
            "approve" when cleaned is null && !errors.Any => new ProjectDecision.Approve(),
            "approve" => Refuse(errors, "note", "A note goes with a rejection only."),
            "reject" when cleaned is { } text => new ProjectDecision.Reject(text),
            "reject" => Refuse(errors, "note", "Say why the project is rejected: its owner reads the note."),
            _ => Refuse(errors, "decision", "Use approve or reject."),
        };
        return errors.Result(() => parsed ?? throw new UnreachableException("A decision without an error was not made."));
    }

    private static ProjectDecision? Refuse(FieldErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return null;
    }
}
