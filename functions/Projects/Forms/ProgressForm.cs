using System.Text.Json;
using System.Text.Json.Nodes;
using CoP.Functions.Http;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Projects.Forms;

/// <summary>
/// The progress note form on a project's page for its owner, as typed: turned into the JSON that POST
/// /api/projects/{projectId}/updates takes (<c>date</c>, <c>language</c>, <c>text</c>, <c>documentIds</c>), which the
/// progress rules check, so the page and the API have one set of checks. Its fields are named <c>progress-…</c>, so
/// that they cannot be taken for the project form's on the same page.
/// </summary>
public sealed record ProgressForm(string Date, string Language, string Text, string DocumentIds)
{
    /// <summary>The largest progress form: a note of a few thousand characters and its documents.</summary>
    public const int MaxFormBytes = 64 * 1024;

    private static readonly char[] ListSeparators = [',', ';', ' ', '\n', '\r', '\t'];

    /// <summary>A new note: dated today, in the page's language.</summary>
    public static ProgressForm New(DateOnly today, string language) =>
        new(today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), language, "", "");

    public static Validated<ProgressForm> Read(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new FieldErrors();
        string One(string field) => FormOrJsonBody.OneValue(form, field, errors) ?? "";
        var read = new ProgressForm(One("progress-date"), One("progress-language"), One("progress-text"), One("progress-documentIds"));
        return errors.Result(() => read);
    }

    /// <summary>The note as the API's JSON; empty fields are left out, for the rules to say what is missing.</summary>
    public JsonElement ToJson()
    {
        var json = new JsonObject();
        if (Date.Length > 0)
        {
            json["date"] = Date;
        }

        if (Language.Length > 0)
        {
            json["language"] = Language;
        }

        if (Text.Length > 0)
        {
            json["text"] = Text;
        }

        json["documentIds"] = new JsonArray([.. DocumentIds.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries).Select(id => (JsonNode?)JsonValue.Create(id))]);
        return JsonSerializer.SerializeToElement(json);
    }

    /// <summary>The rules' errors on the form's fields (<c>progress-date</c>…); what no field holds goes to <c>progress-form</c>.</summary>
    public static IReadOnlyList<ProjectFormError> Place(IReadOnlyDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return [.. errors
            .Select(error => new ProjectFormError(
                error.Key.Split('.', '[')[0] is "date" or "language" or "text" or "documentIds" ? $"progress-{error.Key.Split('.', '[')[0]}" : "progress-form",
                error.Value.FirstOrDefault() ?? ""))
            .DistinctBy(error => error.Field, StringComparer.Ordinal)];
    }
}
