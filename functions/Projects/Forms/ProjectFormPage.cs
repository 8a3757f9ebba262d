using CoP.Functions.Http;
using CoP.Shared.Projects;
using CoP.Shared.Templates;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Projects.Forms;

/// <summary>What the edit page says at its top: what a form just did, or why a change was not made.</summary>
public enum ProjectFormNotice
{
    None,
    Submitted,
    Saved,
    Confirmed,
    Posted,
    ChangedMeanwhile,
}

/// <summary>
/// The member's project forms (<c>project-form</c>): a new project's form, and a project's edit page for its owner,
/// which also says where the review stands, confirms the record is current and posts progress notes. Refused, a form
/// comes back with what was typed and each error beside its field, listed in a summary at the top (400).
/// </summary>
public static class ProjectFormPage
{
    /// <summary>The largest form a page posts: the project's fields and a pasted boundary.</summary>
    public const int MaxFormBytes = 1024 * 1024;

    /// <summary>The new project's form, where it posts.</summary>
    public const string NewPath = $"{PageLinks.Base}/projects/new";

    /// <summary>A project's edit page, where its form posts; with <paramref name="notice"/>, the post/redirect/get.</summary>
    public static string EditPath(string projectId, ProjectFormNotice notice = ProjectFormNotice.None) =>
        $"{ProjectPath(projectId)}/edit" + notice switch
        {
            ProjectFormNotice.Submitted => "?submitted=1",
            ProjectFormNotice.Saved => "?saved=1",
            ProjectFormNotice.Confirmed => "?confirmed=1",
            ProjectFormNotice.Posted => "?posted=1",
            _ => "",
        };

    /// <summary>A project's page (GET /api/projects/{projectId}), as a path of the app's own.</summary>
    public static string ProjectPath(string projectId) => $"{PageLinks.Base}/projects/{projectId}";

    /// <summary>What the edit page's address says was just done.</summary>
    public static ProjectFormNotice Done(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query;
        return query["submitted"] == "1" ? ProjectFormNotice.Submitted
            : query["saved"] == "1" ? ProjectFormNotice.Saved
            : query["confirmed"] == "1" ? ProjectFormNotice.Confirmed
            : query["posted"] == "1" ? ProjectFormNotice.Posted
            : ProjectFormNotice.None;
    }

    /// <summary>
    /// The new project's form, empty or with what was typed and refused; <paramref name="tooManyPending"/> when the member
    /// has as many projects waiting for review as one may.
    /// </summary>
    public static IResult New(
        int status, MemberSession.Open session, IReadOnlyList<Topic> active, ProjectForm form, IReadOnlyList<ProjectFormError> errors, bool tooManyPending = false)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Render(status, session, active, form, errors, owned: null, tooManyPending);
    }

    /// <summary>A project's edit page for its owner, with the form as stored or as typed, and the progress form.</summary>
    public static IResult Edit(int status, MemberSession.Open session, IReadOnlyList<Topic> active, OwnedProject owned, ProjectForm form, IReadOnlyList<ProjectFormError> errors)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(owned);
        return Render(status, session, active, form, errors, owned, tooManyPending: false);
    }

    /// <summary>No project with this id is the member's to change: the same 404 page whether it exists or not.</summary>
    public static IResult NotFound() => HtmlPages.Page(StatusCodes.Status404NotFound, "project-form-not-found");

    private static IResult Render(
        int status, MemberSession.Open session, IReadOnlyList<Topic> active, ProjectForm form, IReadOnlyList<ProjectFormError> errors, OwnedProject? owned, bool tooManyPending)
    {
        var member = session.Member.ToMember();
        var byField = ProjectFormErrors.ByField(errors);
        return HtmlPages.Page(status, "project-form", language => new
        {
            Mode = owned is null ? "new" : "edit",
            Action = owned is null ? NewPath : EditPath(owned.Stored.Project.ProjectId),
            session.FormToken,
            FormTokenField = MemberSessions.FormTokenField,
            Version = owned?.Stored.Version ?? "",
            Summary = errors,
            TooManyPending = tooManyPending,
            Errors = byField,
            Texts = form.Texts.Select(text => new
            {
                text.Language,
                Name = PageWords.For(text.Language).LanguageName,
                text.Title,
                text.Summary,
                TitleError = byField.GetValueOrDefault($"texts-{text.Language}-title", ""),
                SummaryError = byField.GetValueOrDefault($"texts-{text.Language}-summary", ""),
            }).ToList(),
            Topics = ProjectFormChoices.Topics(active, form.Topics),
            Statuses = ProjectFormChoices.Of<ProjectStatus>(form.Status),
            form.IatiIdentifier,
            form.PlannedStart,
            form.PlannedEnd,
            form.ActualStart,
            form.ActualEnd,
            Countries = ProjectFormChoices.Countries(form.Countries),
            form.AdministrativeArea,
            form.Latitude,
            form.Longitude,
            Exactness = ProjectFormChoices.Of<LocationExactness>(form.Exactness),
            Precisions = ProjectFormChoices.Precisions(form.PublicPrecision),
            form.Boundary,
            form.RemoveBoundary,
            HasBoundary = owned?.Stored.Project.Boundary is not null,
            form.AreaHectares,
            LandUses = ProjectFormChoices.Of<LandUse>(form.LandUse),
            Practices = ProjectFormChoices.Of<Practice>(form.Practices),
            Standards = ProjectFormChoices.Of<CarbonStandard>(form.Standard),
            form.Methodology,
            form.RegistryId,
            form.RegistryUrl,
            form.ExpectedTco2ePerYear,
            Organisations = form.OrganisationRows().Select((row, index) => new
            {
                Index = index,
                row.Name,
                Roles = ProjectFormChoices.Of<OrganisationRole>(row.Role),
                row.Reference,
                NameError = byField.GetValueOrDefault($"organisations-{index}-name", ""),
                RoleError = byField.GetValueOrDefault($"organisations-{index}-role", ""),
                ReferenceError = byField.GetValueOrDefault($"organisations-{index}-reference", ""),
            }).ToList(),
            Mitigation = ProjectFormChoices.Of<MarkerSignificance>(form.Mitigation),
            Adaptation = ProjectFormChoices.Of<MarkerSignificance>(form.Adaptation),
            Desertification = ProjectFormChoices.Of<MarkerSignificance>(form.Desertification),
            form.DocumentIds,
            Project = OwnedProjectView.Of(owned, language),
        }, memberLanguage: member.Language);
    }
}
