using CoP.Shared.Projects;

namespace CoP.Functions.Projects.Forms;

/// <summary>A project on its owner's profile page: its title, where its review stands, and its edit page.</summary>
public sealed record MyProject(string Title, string Review, bool EditedSinceReview, string Edit, string Page);

/// <summary>The "My projects" list of the profile page: the projects the member answers for, newest first.</summary>
public static class MyProjects
{
    public static IReadOnlyList<MyProject> View(IReadOnlyList<Project> projects, string language)
    {
        ArgumentNullException.ThrowIfNull(projects);
        return [.. projects
            .OrderByDescending(project => project.CreatedAt)
            .Select(project => new MyProject(
                project.TextIn(language).Title,
                ProjectNames.Of(project.Review),
                project.EditedSinceReview,
                ProjectFormPage.EditPath(project.ProjectId),
                project.IsPublic ? $"{ProjectFormPage.ProjectPath(project.ProjectId)}" : ""))];
    }
}
