using CoP.Shared.Projects;
using CoP.Shared.Topics;

namespace CoP.Functions.Projects.Forms;

/// <summary>A choice of a select, a radio group or a set of boxes: its wire value, its name where the value is no name, and whether it is chosen.</summary>
public sealed record ProjectFormChoice(string Value, string Name, bool Selected, bool Retired = false);

/// <summary>
/// The choices the project forms offer, by wire name (<see cref="ProjectNames"/>): the page templates name each in
/// their language. What was posted stays chosen, so a refused form shows it again.
/// </summary>
public static class ProjectFormChoices
{
    public static IReadOnlyList<ProjectFormChoice> Of<T>(string chosen)
        where T : struct, Enum => Of<T>([chosen]);

    public static IReadOnlyList<ProjectFormChoice> Of<T>(IReadOnlyList<string> chosen)
        where T : struct, Enum =>
        [.. ProjectNames.All<T>().Select(name => new ProjectFormChoice(name, name, chosen.Contains(name, StringComparer.Ordinal)))];

    /// <summary>The active topics, and those a project holds that were retired since (kept until unticked).</summary>
    public static IReadOnlyList<ProjectFormChoice> Topics(IReadOnlyList<Topic> active, IReadOnlyList<string> chosen)
    {
        ArgumentNullException.ThrowIfNull(active);
        var activeSlugs = active.Select(topic => topic.Slug).ToHashSet(StringComparer.Ordinal);
        return [
            .. active.Select(topic => new ProjectFormChoice(topic.Slug, topic.Name, chosen.Contains(topic.Slug, StringComparer.Ordinal))),
            .. chosen.Where(slug => !activeSlugs.Contains(slug)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(slug => new ProjectFormChoice(slug, slug, true, Retired: true)),
        ];
    }

    /// <summary>Every country by its English name (as the profile form offers them), and any code chosen that is not one.</summary>
    public static IReadOnlyList<ProjectFormChoice> Countries(IReadOnlyList<string> chosen)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        var named = Shared.Members.Countries.Named;
        var codes = named.Select(country => country.Code).ToHashSet(StringComparer.Ordinal);
        return [
            .. chosen.Where(code => !codes.Contains(code)).Distinct(StringComparer.Ordinal).Select(code => new ProjectFormChoice(code, code, true)),
            .. named.Select(country => new ProjectFormChoice(country.Code, country.Name, chosen.Contains(country.Code, StringComparer.Ordinal))),
        ];
    }

    /// <summary>The public precisions, coarsest first.</summary>
    public static IReadOnlyList<ProjectFormChoice> Precisions(string chosen) =>
        [.. ProjectCoordinates.Precisions.Select(ProjectForm.Precision).Select(value => new ProjectFormChoice(value, value, value == chosen))];
}
