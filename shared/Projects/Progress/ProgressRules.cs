using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CoP.Shared.Documents;
using CoP.Shared.Templates;
using CoP.Shared.Validation;

namespace CoP.Shared.Projects.Progress;

/// <summary>
/// Checks a progress note as JSON (<c>{"date":"2026-05-01","language":"en","text":"…","documentIds":["…"]}</c>), whether a
/// script sent it or a form's fields were mapped to it: every field's type and bounds, unknown fields refused. What needs
/// the clock or the catalog (a date not in the future, documents published) <see cref="ProjectProgressService"/> checks.
/// </summary>
public static class ProgressRules
{
    public const int MaxTextLength = 4000;
    public const int MaxDocuments = 10;

    /// <summary>No project on the map reports progress from before this.</summary>
    public static readonly DateOnly EarliestDate = new(1990, 1, 1);

    private static readonly TextField TextField = new("text", MaxTextLength, Required: true, Multiline: true, Label: "text");
    private static readonly string[] Fields = ["date", "language", "text", "documentIds"];

    public static Validated<ProgressDefinition> Parse(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return new Validated<ProgressDefinition>.Invalid(new Dictionary<string, string[]> { ["body"] = ["A JSON object is required."] });
        }

        var errors = new FieldErrors();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in json.EnumerateObject())
        {
            // A field given twice would be read one way here and maybe another way elsewhere.
            errors.AddIf(property.Name, !Fields.Contains(property.Name, StringComparer.Ordinal) ? "This field is not part of a progress note."
                : !seen.Add(property.Name) ? "This field is given twice." : null);
        }

        var date = Date(json, errors);
        var language = Language(json, errors);
        var text = errors.Text(StringOf(json, "text", errors), TextField);
        var documentIds = DocumentIds(json, errors);
        return errors.Result(() => new ProgressDefinition(date, language, text ?? throw new UnreachableException("A required text passed empty."), documentIds));
    }

    private static DateOnly Date(JsonElement json, FieldErrors errors)
    {
        if (StringOf(json, "date", errors) is not { } value)
        {
            errors.Add("date", "The date is required (yyyy-MM-dd).");
            return default;
        }

        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add("date", "A date is written yyyy-MM-dd.");
        }
        else if (date < EarliestDate)
        {
            errors.Add("date", $"The date is {EarliestDate:yyyy-MM-dd} or later.");
        }

        return date;
    }

    private static string Language(JsonElement json, FieldErrors errors)
    {
        var language = StringOf(json, "language", errors) ?? TemplateLanguages.Default;
        if (!TemplateLanguages.All.Contains(language, StringComparer.Ordinal))
        {
            errors.Add("language", $"Notes are written in {string.Join(", ", TemplateLanguages.All)}.");
        }

        return language;
    }

    private static List<string> DocumentIds(JsonElement json, FieldErrors errors)
    {
        var ids = new List<string>();
        if (!json.TryGetProperty("documentIds", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return ids;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add("documentIds", "A list of document ids is expected.");
            return ids;
        }

        if (value.GetArrayLength() > MaxDocuments)
        {
            errors.Add("documentIds", $"At most {MaxDocuments} documents.");
            return ids;
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { } id || !DocumentStore.IsValidDocumentId(id))
            {
                errors.Add($"documentIds[{index}]", "A document id is 32 lowercase hexadecimal characters.");
            }
            else if (ids.Contains(id, StringComparer.Ordinal))
            {
                errors.Add($"documentIds[{index}]", "This document is listed already.");
            }
            else
            {
                ids.Add(id);
            }

            index++;
        }

        return ids;
    }

    /// <summary>The string value of <paramref name="name"/>; null when absent or null, and an error when of another type.</summary>
    private static string? StringOf(JsonElement json, string name, FieldErrors errors)
    {
        if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(name, "A string is expected.");
            return null;
        }

        return value.GetString();
    }
}
