using System.Globalization;
using CoP.Shared.Projects;
using CoP.Shared.Templates;

namespace CoP.Functions.Projects.Forms;

/// <summary>
/// A project its owner opened on the edit page, with what the page says above the form (<paramref name="Notice"/>) and
/// the progress form as typed (with its errors, when it was refused).
/// </summary>
public sealed record OwnedProject(StoredProject Stored, ProjectFormNotice Notice, ProgressForm Progress, IReadOnlyList<ProjectFormError> ProgressErrors);

/// <summary>The edit page's own part of the <c>project-form</c> template's model (empty on a new project's form, which the templates cannot leave undefined).</summary>
internal sealed record OwnedProjectView(
    bool Is,
    string ProjectId,
    string Title,
    string Review,
    string ReviewNote,
    bool EditedSinceReview,
    string LastConfirmed,
    string Page,
    string Confirm,
    string AddProgress,
    string Notice,
    bool CanPost,
    ProgressForm Progress,
    IReadOnlyList<ProjectFormChoice> ProgressLanguages,
    IReadOnlyList<ProjectFormError> ProgressSummary,
    IReadOnlyDictionary<string, string> ProgressErrors)
{
    private static readonly string[] ProgressFields = ["progress-form", "progress-date", "progress-language", "progress-text", "progress-documentIds"];

    public static OwnedProjectView Of(OwnedProject? owned, string language)
    {
        if (owned is null)
        {
            return new(false, "", "", "", "", false, "", "", "", "", "", false, ProgressForm.New(default, language), [], [], Errors([]));
        }

        var project = owned.Stored.Project;
        var path = ProjectFormPage.ProjectPath(project.ProjectId);
        return new(
            true,
            project.ProjectId,
            project.TextIn(language).Title,
            ProjectNames.Of(project.Review),
            project.ReviewNote ?? "",
            project.EditedSinceReview,
            project.LastConfirmedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            path,
            $"{path}/confirm",
            $"{path}/updates/new",
            owned.Notice switch
            {
                ProjectFormNotice.Submitted => "submitted",
                ProjectFormNotice.Saved => "saved",
                ProjectFormNotice.Confirmed => "confirmed",
                ProjectFormNotice.Posted => "posted",
                ProjectFormNotice.ChangedMeanwhile => "changed",
                _ => "",
            },
            project.Review != ProjectReview.Rejected,
            owned.Progress,
            [.. TemplateLanguages.All.Append(owned.Progress.Language).Where(code => code.Length > 0).Distinct(StringComparer.Ordinal)
                .Select(code => new ProjectFormChoice(code, PageWords.For(code).LanguageName, code == owned.Progress.Language))],
            owned.ProgressErrors,
            Errors(owned.ProgressErrors));
    }

    private static Dictionary<string, string> Errors(IReadOnlyList<ProjectFormError> errors)
    {
        var byField = ProgressFields.ToDictionary(field => field, _ => "", StringComparer.Ordinal);
        foreach (var error in errors)
        {
            byField[error.Field] = error.Message;
        }

        return byField;
    }
}
