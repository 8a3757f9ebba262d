using System.Text.RegularExpressions;
using CoP.Shared.Templates;

namespace CoP.Functions.Projects.Forms;

/// <summary>One refusal as the form shows it: the field it belongs to (the id the summary links to) and why.</summary>
public sealed record ProjectFormError(string Field, string Message);

/// <summary>
/// The rules' errors placed on the form. The rules name a field by its place in the JSON (<c>carbon.methodology</c>,
/// <c>organisations[2].role</c>, <c>texts.fr</c>); the form's fields are named the same way with dashes, so an error
/// goes to the most precise field that holds it (<c>texts.fr</c> to the texts' group, <c>location.coordinates</c> to
/// the location's). What no field holds (a malformed body) is listed in the summary only, as "form".
/// </summary>
public static partial class ProjectFormErrors
{
    /// <summary>The field of what no field holds.</summary>
    public const string Form = "form";

    private static readonly string[] SingleFields =
    [
        "texts", "topics", "status", "iatiIdentifier", "plannedStart", "plannedEnd", "actualStart", "actualEnd", "countries",
        "administrativeArea", "location", "exactness", "publicPrecision", "boundary", "areaHectares", "landUse", "practices",
        "carbon", "carbon-standard", "carbon-methodology", "carbon-registryId", "carbon-registryUrl", "carbon-expectedTco2ePerYear",
        "organisations", "rioMarkers", "rioMarkers-mitigation", "rioMarkers-adaptation", "rioMarkers-desertification", "documentIds",
    ];

    /// <summary>Every field an error can be shown beside.</summary>
    public static IReadOnlyList<string> Fields { get; } =
    [
        Form,
        .. SingleFields,
        .. TemplateLanguages.All.SelectMany(language => new[] { $"texts-{language}-title", $"texts-{language}-summary" }),
        .. Enumerable.Range(0, ProjectForm.MaxOrganisationRows).SelectMany(row => new[]
            { $"organisations-{row}-name", $"organisations-{row}-role", $"organisations-{row}-reference" }),
    ];

    private static readonly HashSet<string> Known = new(Fields, StringComparer.Ordinal);

    /// <summary>The errors, each on its field, in the order the rules gave them (the first message of a field wins).</summary>
    public static IReadOnlyList<ProjectFormError> Place(IReadOnlyDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return [.. errors
            .Select(error => new ProjectFormError(FieldOf(error.Key), error.Value.FirstOrDefault() ?? ""))
            .DistinctBy(error => error.Field, StringComparer.Ordinal)];
    }

    /// <summary>Every field with its message, empty where none (the page template asks each field for its own).</summary>
    public static IReadOnlyDictionary<string, string> ByField(IReadOnlyList<ProjectFormError> placed)
    {
        ArgumentNullException.ThrowIfNull(placed);
        var byField = Fields.ToDictionary(field => field, _ => "", StringComparer.Ordinal);
        foreach (var error in placed)
        {
            byField[error.Field] = error.Message;
        }

        return byField;
    }

    /// <summary>The field that holds the error named <paramref name="key"/> (a JSON path, dotted, with or without [index]).</summary>
    public static string FieldOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var segments = Index().Replace(key, ".$1").Split('.', StringSplitOptions.RemoveEmptyEntries);
        for (var length = segments.Length; length > 0; length--)
        {
            var candidate = string.Join('-', segments.Take(length));
            if (Known.Contains(candidate))
            {
                return candidate;
            }
        }

        return Form;
    }

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex Index();
}
