using CoP.Shared.Projects;

namespace CoP.Functions.Console.Projects;

/// <summary>
/// The model of the console's projects page: the review queue (submissions waiting, approved projects their owners changed
/// since), the projects that lost their contact, every project in a table, and what was just done. Lists name no
/// contact: the project's page has the contact's member id.
/// </summary>
public static class ProjectsQueuePage
{
    /// <summary>How long a record may go unconfirmed by its owner before the console flags it (owners are asked yearly).</summary>
    public static readonly TimeSpan ConfirmationPeriod = TimeSpan.FromDays(365);

    /// <summary>What was just done (<c>approved</c> or <c>rejected</c>) to which project.</summary>
    public sealed record Outcome(string Kind, Project Project);

    /// <summary>The outcomes a <c>?done=</c> may name, and whether the project is in the state that outcome leaves.</summary>
    public static readonly IReadOnlyDictionary<string, Func<Project, bool>> Outcomes = new Dictionary<string, Func<Project, bool>>(StringComparer.Ordinal)
    {
        ["approved"] = project => project.Review == ProjectReview.Approved,
        ["rejected"] = project => project.Review == ProjectReview.Rejected,
    };

    public static object Model(IReadOnlyList<Project> projects, Outcome? done, DateTimeOffset now, string language)
    {
        ArgumentNullException.ThrowIfNull(projects);
        return new
        {
            Pending = projects.Where(p => p.Review == ProjectReview.Pending).OrderBy(p => p.UpdatedAt).Select(p => Row(p, now, language)).ToArray(),
            Edited = projects.Where(p => p.Review == ProjectReview.Approved && p.EditedSinceReview).OrderBy(p => p.UpdatedAt).Select(p => Row(p, now, language)).ToArray(),
            NeedingContact = projects.Where(p => p.NeedsContact).Select(p => Row(p, now, language)).ToArray(),
            All = projects.OrderByDescending(p => p.CreatedAt).Select(p => Row(p, now, language)).ToArray(),
            Done = done?.Kind ?? "",
            DoneTitle = done?.Project.TextIn(language).Title ?? "",
            DoneUrl = done is null ? "" : ProjectPage.Url(done.Project.ProjectId),
        };
    }

    /// <summary>Whether the owner has not said for over a year that the record is current.</summary>
    public static bool IsUnconfirmed(Project project, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(project);
        return project.LastConfirmedAt < now - ConfirmationPeriod;
    }

    private static object Row(Project project, DateTimeOffset now, string language) => new
    {
        project.ProjectId,
        project.TextIn(language).Title,
        Url = ProjectPage.Url(project.ProjectId),
        Review = ProjectNames.Of(project.Review),
        Status = ProjectNames.Of(project.Status),
        Countries = string.Join(", ", project.Countries),
        Submitted = ConsoleFormat.Time(project.CreatedAt, language),
        Updated = ConsoleFormat.Time(project.UpdatedAt, language),
        project.NeedsContact,
        project.EditedSinceReview,
        Unconfirmed = IsUnconfirmed(project, now),
    };
}
