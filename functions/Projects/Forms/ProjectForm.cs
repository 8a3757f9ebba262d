using System.Globalization;
using CoP.Functions.Http;
using CoP.Shared.Projects;
using CoP.Shared.Projects.Submission;
using CoP.Shared.Templates;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Projects.Forms;

/// <summary>A project's title and summary in one language, as the form holds them.</summary>
public sealed record ProjectFormText(string Language, string Title, string Summary);

/// <summary>One row of the form's organisations.</summary>
public sealed record ProjectFormOrganisation(string Name, string Role, string Reference)
{
    public bool IsEmpty => Name.Length == 0 && Role.Length == 0 && Reference.Length == 0;
}

/// <summary>
/// The submit and edit forms' fields exactly as typed (text, not checked: <see cref="ProjectFormJson"/> turns them
/// into the JSON that POST and PATCH /api/projects take, and the project rules check that, so the pages and the API
/// have one set of checks). A field's name is its place in that JSON, dots as dashes (<c>carbon-methodology</c>,
/// <c>organisations-2-role</c>), so that the rules' errors find their field (<see cref="ProjectFormErrors"/>).
/// </summary>
public sealed record ProjectForm(
    IReadOnlyList<ProjectFormText> Texts,
    IReadOnlyList<string> Topics,
    string Status,
    string IatiIdentifier,
    string PlannedStart,
    string PlannedEnd,
    string ActualStart,
    string ActualEnd,
    IReadOnlyList<string> Countries,
    string AdministrativeArea,
    string Latitude,
    string Longitude,
    string Exactness,
    string PublicPrecision,
    string Boundary,
    bool RemoveBoundary,
    string AreaHectares,
    string LandUse,
    IReadOnlyList<string> Practices,
    string Standard,
    string Methodology,
    string RegistryId,
    string RegistryUrl,
    string ExpectedTco2ePerYear,
    IReadOnlyList<ProjectFormOrganisation> Organisations,
    string Mitigation,
    string Adaptation,
    string Desertification,
    string DocumentIds)
{
    /// <summary>
    /// The most organisation rows a form posts: as many as the rules allow, so that saving the edit form of a project
    /// submitted through the API never drops organisations it could not show.
    /// </summary>
    public const int MaxOrganisationRows = ProjectRules.MaxOrganisations;

    /// <summary>Empty organisation rows offered below the filled ones, so that a member can add some without script.</summary>
    public const int SpareOrganisationRows = 2;

    /// <summary>The most values a form posts: every single field, the rows, and a box for each topic, practice and country chosen.</summary>
    public const int MaxValues = 512;

    /// <summary>A new project's form: nothing typed yet, the usual choices preselected.</summary>
    public static ProjectForm Empty { get; } = new(
        [.. TemplateLanguages.All.Select(language => new ProjectFormText(language, "", ""))],
        [], "", "", "", "", "", "", [], "", "", "",
        ProjectNames.Of(LocationExactness.Approximate), Precision(ProjectCoordinates.DefaultPrecision), "", false, "", "", [],
        ProjectNames.Of(CarbonStandard.None), "", "", "", "", [], "", "", "", "");

    /// <summary>The values posted, each single field once (a repeated one is an error, as JSON cannot repeat a member).</summary>
    public static Validated<ProjectForm> Read(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new FieldErrors();
        string One(string field) => FormOrJsonBody.OneValue(form, field, errors) ?? "";
        IReadOnlyList<string> Many(string field) => [.. form[field].OfType<string>().Where(value => value.Length > 0)];

        var texts = TemplateLanguages.All.Select(language => new ProjectFormText(language, One($"texts-{language}-title"), One($"texts-{language}-summary"))).ToList();
        var organisations = Enumerable.Range(0, MaxOrganisationRows)
            .Select(row => new ProjectFormOrganisation(One($"organisations-{row}-name"), One($"organisations-{row}-role"), One($"organisations-{row}-reference")))
            .Where(row => !row.IsEmpty)
            .ToList();
        var read = new ProjectForm(
            texts, Many("topics"), One("status"), One("iatiIdentifier"),
            One("plannedStart"), One("plannedEnd"), One("actualStart"), One("actualEnd"),
            Many("countries"), One("administrativeArea"),
            One("location-latitude"), One("location-longitude"), One("exactness"), One("publicPrecision"),
            One("boundary"), One("removeBoundary").Length > 0,
            One("areaHectares"), One("landUse"), Many("practices"),
            One("carbon-standard"), One("carbon-methodology"), One("carbon-registryId"), One("carbon-registryUrl"), One("carbon-expectedTco2ePerYear"),
            organisations,
            One("rioMarkers-mitigation"), One("rioMarkers-adaptation"), One("rioMarkers-desertification"),
            One("documentIds"));
        return errors.Result(() => read);
    }

    /// <summary>The form filled with the project as stored (its boundary stays as it is unless a new one is pasted).</summary>
    public static ProjectForm Of(Project project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var carbon = project.Carbon;
        return new(
            [.. TemplateLanguages.All.Union(project.Texts.Keys.Order(StringComparer.Ordinal))
                .Select(language => project.Texts.TryGetValue(language, out var text)
                    ? new ProjectFormText(language, text.Title, text.Summary ?? "")
                    : new ProjectFormText(language, "", ""))],
            project.Topics,
            ProjectNames.Of(project.Status),
            project.IatiIdentifier ?? "",
            Date(project.PlannedStart),
            Date(project.PlannedEnd),
            Date(project.ActualStart),
            Date(project.ActualEnd),
            project.Countries,
            project.AdministrativeArea ?? "",
            Number(project.Location.Point.Latitude),
            Number(project.Location.Point.Longitude),
            ProjectNames.Of(project.Location.Exactness),
            Precision(project.Location.PublicPrecision),
            "",
            false,
            project.AreaHectares is { } area ? Number(area) : "",
            project.LandUse is { } landUse ? ProjectNames.Of(landUse) : "",
            [.. project.Practices.Select(ProjectNames.Of)],
            ProjectNames.Of(carbon.Standard),
            carbon.Methodology ?? "",
            carbon.RegistryId ?? "",
            carbon.RegistryUrl?.ToString() ?? "",
            carbon.ExpectedTco2ePerYear is { } tonnes ? Number(tonnes) : "",
            [.. project.Organisations.Select(o => new ProjectFormOrganisation(o.Name, ProjectNames.Of(o.Role), o.Reference ?? ""))],
            ProjectNames.Of(project.RioMarkers.Mitigation),
            ProjectNames.Of(project.RioMarkers.Adaptation),
            ProjectNames.Of(project.RioMarkers.Desertification),
            string.Join(", ", project.DocumentIds));
    }

    /// <summary>The organisation rows to show: those filled and a few empty ones, up to <see cref="MaxOrganisationRows"/>.</summary>
    public IReadOnlyList<ProjectFormOrganisation> OrganisationRows() =>
        [.. Organisations.Take(MaxOrganisationRows), .. Enumerable.Repeat(new ProjectFormOrganisation("", "", ""),
            Math.Max(0, Math.Min(SpareOrganisationRows, MaxOrganisationRows - Organisations.Count)))];

    /// <summary>A precision as the form's choice writes it (<c>0.1</c>).</summary>
    public static string Precision(double precision) => precision.ToString(CultureInfo.InvariantCulture);

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
